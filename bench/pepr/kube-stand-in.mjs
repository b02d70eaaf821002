// A stand-in for the Kubernetes API, answering exactly the calls a Pepr admission controller
// makes before it serves (and its store watch after), on 127.0.0.1 over plain HTTP:
//   GET   /apis/pepr.dev/v1/namespaces/pepr-system/peprstores/<name>            the store object
//   PATCH /apis/pepr.dev/v1/namespaces/pepr-system/peprstores/<name>            the store object (the migration's label patch)
//   GET   /apis/pepr.dev/v1/namespaces/pepr-system/peprstores?fieldSelector=... a list holding the store object
//   GET   /apis/pepr.dev/v1/namespaces/pepr-system/peprstores?watch=true...     200, kept open, no events
// Anything else gets a 404 Status and is logged, so a Pepr that asks for more shows it.
// Usage: node kube-stand-in.mjs PORT_FILE WATCH_PID  (writes the port it got; exits when WATCH_PID is gone)
import http from "node:http";
import fs from "node:fs";

const [portFile, watchPid] = process.argv.slice(2);
const base = "/apis/pepr.dev/v1/namespaces/pepr-system/peprstores";
const store = name => ({
  apiVersion: "pepr.dev/v1",
  kind: "PeprStore",
  metadata: { name, namespace: "pepr-system", uid: "00000000-0000-0000-0000-0000000057e0", resourceVersion: "1", labels: {} },
  data: { __pepr_do_not_delete__: "k-thx-bye" },
});

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  const json = (status, body) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  console.error(`stand-in: ${req.method} ${url.pathname}${url.search}`);
  if (url.pathname.startsWith(base + "/") && (req.method === "GET" || req.method === "PATCH")) {
    req.resume();
    return json(200, store(url.pathname.slice(base.length + 1)));
  }
  if (url.pathname === base && req.method === "GET" && url.searchParams.get("watch") === "true") {
    res.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
    res.flushHeaders();
    return; // an open watch without events; the controller's own resync keeps it
  }
  if (url.pathname === base && req.method === "GET") {
    const name = (url.searchParams.get("fieldSelector") ?? "").replace("metadata.name=", "");
    return json(200, { apiVersion: "pepr.dev/v1", kind: "PeprStoreList", metadata: { resourceVersion: "1" }, items: name ? [store(name)] : [] });
  }
  console.error(`stand-in: not answered: ${req.method} ${req.url}`);
  json(404, { apiVersion: "v1", kind: "Status", status: "Failure", reason: "NotFound", code: 404 });
});

server.listen(0, "127.0.0.1", () => {
  fs.writeFileSync(portFile, String(server.address().port));
});

// Ends with the Pepr process it serves (the start script execs Pepr in its own PID).
setInterval(() => {
  try {
    process.kill(Number(watchPid), 0);
  } catch {
    process.exit(0);
  }
}, 500).unref();
server.on("listening", () => {});
