import { type RouteConfig, index, layout, prefix, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("register", "routes/register.tsx"),
  route("logout", "routes/logout.tsx"),
  route("welcome", "routes/welcome.tsx"),
  route("start", "routes/start.tsx"),
  route("quotes", "routes/quotes.tsx"),
  ...prefix("configure", [index("routes/configure/index.tsx"), route(":productId", "routes/configure/product.tsx")]),
  route("saved", "routes/saved.tsx"),
  route("instant", "routes/instant.tsx"),
  route("quotes/:id", "routes/quote.tsx"),
  route("quotes/:id/checkout", "routes/checkout.tsx"),
  route("quotes/:id/open", "routes/quote-open.tsx"),
  route("orders/:id", "routes/order.tsx"),
  ...prefix("production", [
    index("routes/production/board.tsx"),
    route("stock", "routes/production/stock.tsx"),
    route("stock/:id", "routes/production/material.tsx"),
    route("lots", "routes/production/lots.tsx"),
    route("lots/receive", "routes/production/receive.tsx"),
    route("lots/:number", "routes/production/lot.tsx"),
    route("lots/:number/recall.csv", "routes/production/recall-csv.ts"),
    route("shipments/:id", "routes/production/shipment.tsx"),
    route("analytics", "routes/production/analytics.tsx"),
    route(":id", "routes/production/mo.tsx"),
  ]),
  ...prefix("admin", [
    layout("routes/admin/layout.tsx", [
      index("routes/admin/users.tsx"),
      route("start", "routes/admin/start.tsx"),
      route("api-keys", "routes/admin/api-keys.tsx"),
      route("catalog", "routes/admin/catalog.tsx"),
      route("business", "routes/admin/business.tsx"),
      ...prefix("products", [
        index("routes/admin/products/list.tsx"),
        route("new", "routes/admin/products/new.tsx"),
        route(":id", "routes/admin/products/edit.tsx"),
      ]),
      ...prefix("webhooks", [
        layout("routes/admin/webhooks/layout.tsx", [
          index("routes/admin/webhooks/overview.tsx"),
          route("sources", "routes/admin/webhooks/sources.tsx"),
          route("endpoints", "routes/admin/webhooks/endpoints.tsx"),
          route("endpoints/:id", "routes/admin/webhooks/endpoint.tsx"),
          route("events", "routes/admin/webhooks/events.tsx"),
          route("events/:id", "routes/admin/webhooks/event.tsx"),
          route("dead-letters", "routes/admin/webhooks/dead-letters.tsx"),
        ]),
      ]),
    ]),
  ]),
  // Unknown paths get a route of their own so the root loader runs and the 404 keeps the shop's header.
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
