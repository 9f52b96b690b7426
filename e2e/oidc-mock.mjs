#!/usr/bin/env node
// A local OpenID Connect provider for the e2e suite (oauth2-mock-server). Tests choose who
// "signs in at the provider" next with POST /__identity {email, email_verified}.
import { OAuth2Server } from "oauth2-mock-server";

const port = Number(process.argv[2] ?? 3299);
const server = new OAuth2Server();
await server.issuer.keys.generate("RS256");
let identity = { sub: "nobody", email: "nobody@example.com", email_verified: false };

server.service.on("beforeTokenSigning", (token) => {
  Object.assign(token.payload, identity);
});
server.service.on("beforeUserinfo", (response) => {
  response.body = { ...identity };
});
await server.start(port, "localhost");

// The control endpoint lives on the next port, apart from the provider's own routes.
const http = await import("node:http");
http
  .createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/__identity") {
        const next = JSON.parse(body || "{}");
        identity = { sub: `sub-${next.email}`, email: next.email, email_verified: next.email_verified };
        res.writeHead(204).end();
      } else res.writeHead(404).end();
    });
  })
  .listen(port + 1, "localhost");
console.log(`[oidc-mock] issuer ${server.issuer.url}; control on http://localhost:${port + 1}/__identity`);
