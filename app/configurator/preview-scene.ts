/**
 * The three.js side of the configurator's preview, loaded only in the browser
 * (ProductPreview imports it lazily): a lit scene with orbit controls that
 * shows either the engine's live geometry or the generated GLB.
 */
import {
  Box3,
  BufferAttribute,
  BufferGeometry,
  Color,
  DoubleSide,
  FrontSide,
  Group,
  Mesh,
  MeshStandardMaterial,
  NeutralToneMapping,
  PerspectiveCamera,
  PMREMGenerator,
  Scene,
  SRGBColorSpace,
  Vector3,
  WebGLRenderer,
  type Object3D,
} from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { RoomEnvironment } from "three/examples/jsm/environments/RoomEnvironment.js";
import { GLTFLoader } from "three/examples/jsm/loaders/GLTFLoader.js";
import type { ProductGeometry } from "../../engine/products/index.ts";

export interface PreviewScene {
  showGeometry(geometry: ProductGeometry): void;
  showGlb(url: string): Promise<void>;
  fit(): void;
  dispose(): void;
}

/** Seen from outside, a little to the right and above: doors and cabinets face +Z. */
const VIEW_DIRECTION = new Vector3(0.55, 0.3, 1).normalize();

/** Builds three.js meshes from the engine's geometry (mm → m, as in the GLB). */
function meshesOf(geometry: ProductGeometry): Group {
  const group = new Group();
  const materials = new Map(
    geometry.materials.map((m) => {
      const [r, g, b, a] = m.base_color;
      const material = new MeshStandardMaterial({
        // Linear RGB, as glTF stores it; three's working colour space is linear too.
        color: new Color().setRGB(r, g, b),
        metalness: m.metallic,
        roughness: m.roughness,
        transparent: a < 1,
        opacity: a,
        depthWrite: a >= 1,
        side: a < 1 ? DoubleSide : FrontSide,
      });
      return [m.name, material];
    }),
  );
  for (const m of geometry.meshes) {
    const g = new BufferGeometry();
    g.setAttribute("position", new BufferAttribute(m.positions, 3));
    g.setAttribute("normal", new BufferAttribute(m.normals, 3));
    g.setIndex(new BufferAttribute(m.indices, 1));
    group.add(new Mesh(g, materials.get(m.material)));
  }
  group.scale.setScalar(0.001);
  return group;
}

function disposeTree(root: Object3D) {
  root.traverse((o) => {
    if (!(o instanceof Mesh)) return;
    o.geometry.dispose();
    for (const m of Array.isArray(o.material) ? o.material : [o.material]) m.dispose();
  });
}

export function createPreviewScene(container: HTMLElement): PreviewScene {
  const renderer = new WebGLRenderer({ antialias: true });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
  renderer.outputColorSpace = SRGBColorSpace;
  renderer.toneMapping = NeutralToneMapping;
  container.appendChild(renderer.domElement);

  const scene = new Scene();
  scene.background = new Color(0xeef1f5);
  const pmrem = new PMREMGenerator(renderer);
  const environment = pmrem.fromScene(new RoomEnvironment(), 0.04).texture;
  scene.environment = environment;

  const camera = new PerspectiveCamera(35, 1, 0.01, 100);
  const controls = new OrbitControls(camera, renderer.domElement);
  controls.enableDamping = false;
  controls.addEventListener("change", () => render());

  let model: Object3D | null = null;
  let fitted = false;
  let frame = 0;
  // Many changes in one frame (dragging a slider) draw once.
  const render = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      renderer.render(scene, camera);
    });
  };

  const resize = () => {
    const { clientWidth: w, clientHeight: h } = container;
    if (w === 0 || h === 0) return;
    renderer.setSize(w, h, false);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
    render();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(container);
  resize();

  // Frames the product's box as seen from the view direction, with a small margin.
  const fit = () => {
    if (!model) return;
    const box = new Box3().setFromObject(model);
    const size = box.getSize(new Vector3());
    const center = box.getCenter(new Vector3());
    const vfov = (camera.fov * Math.PI) / 180;
    const hfov = 2 * Math.atan(Math.tan(vfov / 2) * camera.aspect);
    const across = Math.hypot(size.x, size.z);
    const distance = 1.05 * Math.max(size.y / 2 / Math.tan(vfov / 2), across / 2 / Math.tan(hfov / 2)) + across / 2;
    controls.target.copy(center);
    camera.position.copy(center).addScaledVector(VIEW_DIRECTION, distance);
    camera.near = distance / 100;
    camera.far = distance * 10;
    camera.updateProjectionMatrix();
    controls.update();
    render();
  };

  const show = (next: Object3D, refit: boolean) => {
    if (model) {
      scene.remove(model);
      disposeTree(model);
    }
    model = next;
    scene.add(next);
    // Keep the visitor's view while they edit; frame the product the first time and on request.
    if (refit || !fitted) {
      fitted = true;
      // biome-ignore lint/suspicious/noFocusedTests: fit() frames the camera; this is not a test
      fit();
    }
    render();
  };

  return {
    showGeometry: (geometry) => show(meshesOf(geometry), false),
    async showGlb(url) {
      const gltf = await new GLTFLoader().loadAsync(url);
      show(gltf.scene, true);
    },
    fit,
    dispose() {
      cancelAnimationFrame(frame);
      observer.disconnect();
      controls.dispose();
      if (model) disposeTree(model);
      environment.dispose();
      pmrem.dispose();
      renderer.dispose();
      renderer.domElement.remove();
    },
  };
}
