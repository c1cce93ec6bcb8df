import { hostRequest } from "./lib/host-request.mjs";

/** Development credentials of the demo shop (also in README). */
export const DEMO = {
  slug: "demo",
  name: "Demo Fabrication Co.",
  owner: { email: "owner@demo.test", password: "demo-owner-pass" },
  customer: { email: "customer@demo.test", password: "demo-customer-pass", name: "Casey Customer", company: "Casey Robotics" },
  companies: ["Northwind Prototyping", "Blue Fjord Marine", "Atelier Lumen"],
  products: [
    {
      name: "SPW600e aluminium door",
      generator_key: "spw600e-door",
      description: "Thermally broken aluminium entrance door, single or double, made to measure.",
      params: { u_value_limit: 1.8 },
    },
    { name: "Kitchen base cabinet", generator_key: "kitchen-base-cabinet", description: "Made-to-measure base cabinet with doors or drawers." },
  ],
};

const expectOk = (res, what, allowed = []) => {
  if (res.status >= 300 && !allowed.includes(res.status)) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res;
};

/**
 * Seeds the demo shop through the public API, so seeding runs the same code as
 * real sign-ups. Idempotent: what exists already is left as it is.
 */
export async function seedDemo(port) {
  const host = `${DEMO.slug}.localhost`;
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: DEMO.name, slug: DEMO.slug, owner_email: DEMO.owner.email, owner_password: DEMO.owner.password, owner_name: "Olivia Owner" },
  });
  expectOk(created, "create demo tenant", [409]);
  const fresh = created.status === 201;
  const register = await hostRequest(port, host, "POST", "/api/v1/auth/register", {
    json: { email: DEMO.customer.email, password: DEMO.customer.password, name: DEMO.customer.name, company: DEMO.customer.company },
  });
  expectOk(register, "register demo customer"); // 202 whether or not the customer is there already
  if (fresh) {
    const login = expectOk(await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: DEMO.owner }), "owner login");
    const cookie = String(login.headers["set-cookie"]).split(";")[0];
    for (const name of DEMO.companies) {
      expectOk(await hostRequest(port, host, "POST", "/api/v1/customers", { json: { name }, headers: { cookie } }), `create ${name}`);
    }
    for (const product of DEMO.products) {
      expectOk(await hostRequest(port, host, "POST", "/api/v1/products", { json: product, headers: { cookie } }), `create ${product.name}`);
    }
  }
  return { fresh, host };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 8787);
  const { fresh } = await seedDemo(port);
  console.log(fresh ? "Seeded the demo shop." : "The demo shop was already there.");
}
