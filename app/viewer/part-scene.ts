/**
 * The three.js side of the part viewer: one renderer per canvas, drawn on
 * demand (orbit, zoom, resize) rather than every frame, and disposed whole.
 */
import {
  AmbientLight,
  BufferAttribute,
  BufferGeometry,
  Color,
  DirectionalLight,
  DoubleSide,
  HemisphereLight,
  Mesh,
  MeshStandardMaterial,
  PerspectiveCamera,
  Scene,
  type Sphere,
  Vector3,
  WebGLRenderer,
} from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { FACE_CATEGORIES, PART_COLOUR, type FaceCategory } from "./face-categories.ts";
import { groupFaces } from "./group-faces.ts";

export interface PartGeometry {
  positions: Float32Array;
  indices: Uint32Array;
}

export class PartScene {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(35, 1, 0.1, 1e6);
  private readonly controls: OrbitControls;
  private readonly geometry = new BufferGeometry();
  private readonly materials = new Map<string, MeshStandardMaterial>();
  private readonly mesh: Mesh;
  private readonly bounds: Sphere;
  private readonly resize: ResizeObserver;
  private readonly canvas: HTMLCanvasElement;
  private readonly part: PartGeometry;
  private readonly faceFlags: Uint8Array;
  private frame = 0;

  /** Throws when the browser has no WebGL; the component shows a message instead. */
  constructor(canvas: HTMLCanvasElement, part: PartGeometry, faceFlags: Uint8Array) {
    this.canvas = canvas;
    this.part = part;
    this.faceFlags = faceFlags;
    this.renderer = new WebGLRenderer({ canvas, antialias: true, alpha: true, preserveDrawingBuffer: false });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.camera.up.set(0, 0, 1); // parts are built along +Z
    this.scene.add(new HemisphereLight(0xffffff, 0x8090a0, 1.6), new AmbientLight(0xffffff, 0.25));
    const key = new DirectionalLight(0xffffff, 1.4);
    key.position.set(1, -1.5, 2);
    this.camera.add(key); // the light follows the viewer, so no side of the part stays dark
    this.scene.add(this.camera);

    this.geometry.setAttribute("position", new BufferAttribute(part.positions, 3));
    this.geometry.computeBoundingSphere();
    this.bounds = this.geometry.boundingSphere!.clone();
    for (const key of ["plain", ...FACE_CATEGORIES.map((c) => c.key)]) {
      const colour = key === "plain" ? PART_COLOUR : FACE_CATEGORIES.find((c) => c.key === key)!.colour;
      // Flat shading: the welded mesh shares vertices across hard edges, so smooth normals would blur a box's corners.
      this.materials.set(key, new MeshStandardMaterial({ color: new Color(colour), flatShading: true, metalness: 0.05, roughness: 0.7, side: DoubleSide }));
    }
    this.mesh = new Mesh(this.geometry, []);
    this.scene.add(this.mesh);

    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.listenToKeyEvents(canvas); // arrow keys pan while the canvas has focus
    this.controls.addEventListener("change", () => this.requestRender());
    this.resize = new ResizeObserver(() => this.fitCanvas());
    this.resize.observe(canvas);
    this.fitCanvas();
    this.fit();
  }

  /** Colours the given categories; faces of the others are drawn in the part's colour. */
  highlight(shown: ReadonlySet<FaceCategory["key"]>): void {
    const { indices, groups } = groupFaces(this.part.indices, this.faceFlags, shown);
    this.geometry.setIndex(new BufferAttribute(indices, 1));
    this.geometry.clearGroups();
    const materials: MeshStandardMaterial[] = [];
    for (const g of groups) {
      this.geometry.addGroup(g.start, g.count, materials.length);
      materials.push(this.materials.get(g.key)!);
    }
    this.mesh.material = materials;
    this.requestRender();
  }

  /** Frames the whole part from a three-quarter view. */
  fit(): void {
    const { center, radius } = this.bounds;
    const distance = (radius || 1) / Math.sin(((this.camera.fov / 2) * Math.PI) / 180);
    const direction = new Vector3(1, -1.4, 0.9).normalize();
    this.camera.position.copy(center).addScaledVector(direction, distance * 1.1);
    this.camera.near = Math.max(distance / 1000, 0.01);
    this.camera.far = distance * 100;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(center);
    this.controls.update();
    this.requestRender();
  }

  /** Moves the camera towards (factor < 1) or away from the target. */
  zoom(factor: number): void {
    const offset = this.camera.position.clone().sub(this.controls.target).multiplyScalar(factor);
    this.camera.position.copy(this.controls.target).add(offset);
    this.controls.update();
    this.requestRender();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.controls.dispose();
    this.geometry.dispose();
    for (const m of this.materials.values()) m.dispose();
    this.renderer.dispose();
  }

  private fitCanvas(): void {
    const { clientWidth: w, clientHeight: h } = this.canvas;
    if (w === 0 || h === 0) return;
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  private requestRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderer.render(this.scene, this.camera);
    });
  }
}
