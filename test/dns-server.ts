import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import dns2 from "dns2";

const { Packet } = dns2;

/**
 * An authoritative-only DNS server on loopback (UDP, a free port) for tests: answers TXT
 * questions from `records` (name → TXT records, each one or more strings), NXDOMAIN for any
 * other name. Point the app at it with `servers`.
 */
export async function startDnsServer() {
  const records = new Map<string, string[][]>();
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const found = question && question.type === Packet.TYPE.TXT ? records.get(question.name.toLowerCase()) : undefined;
      if (!question || !records.has(question.name.toLowerCase())) response.header.rcode = Packet.RCODE.NXDOMAIN;
      for (const data of found ?? []) response.answers.push(Packet.createResourceFromQuestion(question!, { ttl: 1, data } as Partial<dns2.Packet.Resource>));
      send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  const { port } = server.addresses().udp as AddressInfo;
  return {
    servers: [`127.0.0.1:${port}`],
    records,
    close: () => server.close(),
  };
}

/** A UDP port on loopback that receives DNS queries and never answers: a resolver that times out. */
export async function startSilentDns() {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
  return { servers: [`127.0.0.1:${(socket.address() as AddressInfo).port}`], close: () => new Promise<void>((r) => socket.close(() => r())) };
}
