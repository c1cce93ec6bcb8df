import http from "node:http";

/**
 * An HTTP request to the local Worker with an explicit Host header: fetch()
 * cannot set Host, and `*.localhost` does not resolve in Node, though it does
 * in browsers. `json` sends a JSON body, `body` raw bytes (say a part file).
 */
export function hostRequest(port, host, method, path, { json, body: raw, headers = {} } = {}) {
  const body = json === undefined ? raw : JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: {
          host: `${host}:${port}`,
          ...(json !== undefined ? { "content-type": "application/json" } : raw ? { "content-type": "application/octet-stream" } : {}),
          ...(body ? { "content-length": Buffer.byteLength(body) } : {}),
          ...(method !== "GET" ? { origin: `http://${host}:${port}` } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json: parsed });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
