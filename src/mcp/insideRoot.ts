import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { AisaError } from '../core/errors';

/**
 * The one containment check of the MCP server: a path an agent gives is resolved against the
 * root, lexically and then through symlinks, and refused with one sentence if it leaves it.
 * When src/core/containment.ts (the core guard, another branch) is merged, this file is what
 * it replaces: `insideRoot` and `realRoot` are the only entry points, used by server.ts and
 * generateImageTool.ts.
 */

/** The root as the file system sees it (symlinks resolved), so comparisons are like for like. */
export async function realRoot(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch {
    throw new AisaError('input', `The root ${root} does not exist: pass --root an existing folder.`);
  }
}

/** `..assets` is a folder inside the root; only a `..` segment climbs out. */
const isWithin = (root: string, p: string): boolean => {
  const rel = path.relative(root, p);
  return !path.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${path.sep}`);
};

/** The deepest part of `p` that exists, resolved through its symlinks; what follows it is created fresh. */
async function realExistingPart(p: string): Promise<string> {
  const rest: string[] = [];
  let at = p;
  for (;;) {
    try {
      return path.join(await realpath(at), ...rest.reverse());
    } catch (e) {
      const parent = path.dirname(at);
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) throw e;
      rest.push(path.basename(at));
      at = parent;
    }
  }
}

/**
 * The absolute path of `rel` (root-relative, forward or back slashes) below `root` (a realRoot).
 * `what` names it in the sentence (`path`, `outDir`). Nothing is created here.
 */
export async function insideRoot(root: string, rel: string, what: string): Promise<string> {
  const text = rel.trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f]/.test(text)) throw new AisaError('input', `${what} contains a control character: give a plain path relative to the root, such as assets.`);
  if (path.isAbsolute(text) || /^([a-zA-Z]:|[\\/]|~)/.test(text)) {
    throw new AisaError('input', `${what} "${text}" must be relative to the root ${root} (for example public/hero.png), not an absolute path.`);
  }
  const lexical = path.resolve(root, text);
  if (!isWithin(root, lexical)) throw new AisaError('input', `${what} "${text}" leads outside the root ${root}: files are only written inside it.`);
  let real: string;
  try {
    real = await realExistingPart(lexical);
  } catch (e) {
    throw new AisaError('input', `${what} "${text}" cannot be checked (${(e as NodeJS.ErrnoException).code ?? String(e)}): give a folder inside the root.`);
  }
  if (!isWithin(root, real)) throw new AisaError('input', `${what} "${text}" goes through a symbolic link to ${real}, outside the root ${root}: files are only written inside it.`);
  return lexical;
}
