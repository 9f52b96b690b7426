declare module "autocannon" {
  namespace autocannon {
    type Histogram = { average: number; total: number; [k: string]: number };
    type Result = { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number };
    type Instance = { on(event: "response", fn: (client: unknown, status: number, bytes: number, responseTime: number) => void): void };
  }
  function autocannon(
    opts: {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      method?: string;
      headers?: Record<string, string>;
      requests?: { path?: string; setupRequest?: (req: Record<string, unknown>) => Record<string, unknown> }[];
    },
    cb: (err: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;
  export default autocannon;
}
