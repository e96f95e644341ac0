// Keeps every WebAssembly instance created after this module is evaluated, so a test can read
// the wasm linear memory of the npm package (which does not export it). Import it before
// 'sts-sim': ES modules are evaluated in import order.
const instances = [];
const Original = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(Original, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    instances.push(instance);
    return instance;
  },
});

/** The size of the module's linear memory, in bytes (it only ever grows). */
export function wasmMemoryBytes() {
  const withMemory = instances.filter((i) => i.exports.memory instanceof WebAssembly.Memory);
  if (withMemory.length !== 1) throw new Error(`expected one wasm instance with a memory, found ${withMemory.length}`);
  return withMemory[0].exports.memory.buffer.byteLength;
}
