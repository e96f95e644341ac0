// Each statement below is a misuse the declarations must refuse. Every one carries
// `@ts-expect-error`: tsc fails ("Unused '@ts-expect-error' directive") the moment a misuse
// stops being an error, so each line is checked on every run, not just one of them.
import { Sim, validatePolicy, type World, type Caller, type WireResponse } from 'sts-sim';
declare const sim: Sim;
declare const world: World;
declare const alice: Caller;
// `status` is a number.
// @ts-expect-error
export const status: string = sim.handle({ method: 'GET', url: '/' }).status;
// (A correct use, so the WireResponse import is exercised too.)
export const r: WireResponse = { status: 200, headers: {}, body: '' };
// Optional trailing parameters may be left out, but not given the wrong type.
// @ts-expect-error
validatePolicy(42);
// @ts-expect-error
validatePolicy('{}', { kind: 'trusts' });
// @ts-expect-error
validatePolicy('{}', 'trust');
// @ts-expect-error
new Sim(world, { now: new Date() });
// @ts-expect-error
new Sim(world, 'now');
// @ts-expect-error
sim.call(alice);
// @ts-expect-error
sim.call(alice, 'GetCallerIdentity', 'params');
// @ts-expect-error
sim.call(alice, 'GetCallerIdentity', {}, { endpoint: 'local' });
// @ts-expect-error
sim.mintWebIdentityToken('token.actions.githubusercontent.com', {}, { alg: 'HS256' });
// @ts-expect-error
sim.call(alice, 42);
// @ts-expect-error
sim.revokeOlderSessions(['arn:aws:iam::111122223333:role/Deploy']);
