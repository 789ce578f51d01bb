import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { isWithin, linkEscape } from '../core/containment';
import { AisaError } from '../core/errors';
import { nodeFileSystem } from '../core/nodeFs';

/**
 * The MCP server's reading of a path an agent gives: relative to the root, refused in one
 * sentence that names the root when it leaves it, by name or through a symbolic link. The rule
 * is the core guard's (src/core/containment.ts), which also checks every write against the root.
 */

/** The root as the file system sees it (symlinks resolved), so comparisons are like for like. */
export async function realRoot(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch {
    throw new AisaError('input', `The root ${root} does not exist: pass --root an existing folder.`);
  }
}

/**
 * The absolute path of `rel` (root-relative, forward or back slashes) below `root` (a realRoot).
 * `what` names it in the sentence (`path`, `outDir`). Nothing is created here.
 */
export async function insideRoot(root: string, rel: string, what: string): Promise<string> {
  const text = rel.trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f]/.test(text))
    throw new AisaError(
      'input',
      `${what} contains a control character: give a plain path relative to the root, such as assets.`,
    );
  if (path.isAbsolute(text) || /^([a-zA-Z]:|[\\/]|~)/.test(text)) {
    throw new AisaError(
      'input',
      `${what} "${text}" must be relative to the root ${root} (for example public/hero.png), not an absolute path.`,
    );
  }
  const lexical = path.resolve(root, text);
  if (!isWithin(root, lexical))
    throw new AisaError('input', `${what} "${text}" leads outside the root ${root}: files are only written inside it.`);
  const real = await linkEscape(nodeFileSystem, root, lexical);
  if (real !== undefined)
    throw new AisaError(
      'input',
      `${what} "${text}" goes through a symbolic link to ${real}, outside the root ${root}: files are only written inside it.`,
    );
  return lexical;
}
