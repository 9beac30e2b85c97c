// :beamsh_hash.phash/2, erlang:phash/2 under a name the library may call: :sets and :dict
// place their elements by the old portable hash, which Erlang deprecates (OTP compiles them
// with the warning off; the prelude calls this instead of the deprecated BIF).
import type { NativeFn } from "../runtime/code.js";
import { oldPortableHash } from "../runtime/term-hash.js";

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_hash",
  fns: { "phash/2": ([t, r]) => (oldPortableHash(t) % (r as number)) + 1 },
};
