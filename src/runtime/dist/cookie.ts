// The magic cookie, as erl finds it (kernel's auth.erl): `--cookie` wins; otherwise the
// contents of ~/.erlang.cookie (surrounding whitespace dropped), a file erl creates with 20
// random capital letters, readable by its owner only, when it does not exist yet.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { randomInt } from "node:crypto";

export class CookieError extends Error {}

/** ~/.erlang.cookie (HOME as erl sees it). */
export function cookieFile(home = process.env.HOME ?? homedir()): string {
  return join(home, ".erlang.cookie");
}

/** A fresh cookie: 20 random letters A..Z. */
export function randomCookie(): string {
  let s = "";
  for (let i = 0; i < 20; i++) s += String.fromCharCode(65 + randomInt(26));
  return s;
}

/**
 * The cookie from the cookie file, creating the file (mode 0400) when it is missing. Fails as
 * erl does when others may read the file.
 */
export function defaultCookie(file = cookieFile()): string {
  if (!existsSync(file)) {
    const c = randomCookie();
    writeFileSync(file, c, { mode: 0o400 });
    chmodSync(file, 0o400);
    return c;
  }
  if ((statSync(file).mode & 0o077) !== 0 && process.platform !== "win32") {
    throw new CookieError(`Cookie file ${file} must be accessible by owner only`);
  }
  return readFileSync(file, "latin1").trim();
}
