// Must NOT compile: proves tests/types is really type-checked against the package.
import { Sim, type WireResponse } from 'sts-sim';
declare const sim: Sim;
export const status: string = sim.handle({ method: 'GET', url: '/' }).status;
export const r: WireResponse = { status: 200, headers: {}, body: '' };
