// createRequestHandler(sim): an HTTP request handler for the AWS SDK for JavaScript v3 (the
// `requestHandler` client option; the `HttpHandler` contract of @smithy/protocol-http:
// `handle(request) -> Promise<{ response }>`) that answers every request with `sim.handle`, so
// `new STSClient({ region, credentials, requestHandler: createRequestHandler(sim) })` runs the real
// SDK (serializer, SigV4 signer, XML parser, error classes, clock-skew correction) in-process.
// No dependencies: works in Node and in browsers.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// RFC 3986 encoding of a query component, as @smithy/util-uri-escape writes it.
const escape = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function urlOf(request) {
  const scheme = (request.protocol || 'https:').replace(/:?$/, '');
  const port = request.port ? `:${request.port}` : '';
  let path = request.path || '/';
  if (!path.startsWith('/')) path = `/${path}`;
  const parts = [];
  for (const [key, value] of Object.entries(request.query || {})) {
    if (value === null || value === undefined) parts.push(escape(key));
    else for (const v of Array.isArray(value) ? value : [value]) parts.push(`${escape(key)}=${escape(String(v))}`);
  }
  const query = parts.length ? `?${parts.join('&')}` : '';
  const fragment = request.fragment ? `#${request.fragment}` : '';
  return `${scheme}://${request.hostname}${port}${path}${query}${fragment}`;
}

async function textOf(body) {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  if (body instanceof ArrayBuffer) return decoder.decode(new Uint8Array(body));
  if (ArrayBuffer.isView(body)) return decoder.decode(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  if (typeof body.getReader === 'function') body = body[Symbol.asyncIterator] ? body : readerChunks(body.getReader());
  if (typeof body[Symbol.asyncIterator] === 'function') {
    const chunks = [];
    for await (const chunk of body) chunks.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.byteLength; }
    return decoder.decode(all);
  }
  throw new TypeError('sts-sim request handler: the request body must be a string, bytes or a stream');
}

async function* readerChunks(reader) {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

function abortError() {
  const e = new Error('Request aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * @param {{ handle(request: { method: string, url: string, headers: Record<string, string>, body: string }): { status: number, headers: Record<string, string>, body: string } }} sim
 */
export function createRequestHandler(sim) {
  if (!sim || typeof sim.handle !== 'function') {
    throw new TypeError('createRequestHandler: pass a Sim (an object with a handle(request) method)');
  }
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request, options = {}) {
      if (options.abortSignal?.aborted) throw abortError();
      const body = await textOf(request.body);
      if (options.abortSignal?.aborted) throw abortError();
      const answer = sim.handle({ method: request.method, url: urlOf(request), headers: { ...request.headers }, body });
      // Lower-case names, as Node's and fetch's handlers give them to the SDK.
      const headers = {};
      for (const [name, value] of Object.entries(answer.headers)) headers[name.toLowerCase()] = value;
      return { response: { statusCode: answer.status, reason: undefined, headers, body: encoder.encode(answer.body) } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() { return {}; },
    destroy() {},
  };
}
