// Which path belongs to which model family. Each family has exactly one route.
import type { Reply } from './http';
import { geminiModelFromPath, handleGemini } from './gemini';
import type { RouteContext } from './route-checks';
import { handleSeedream } from './seedream';
import { handleWan } from './wan';

export type GenerationHandler = (body: unknown, ctx: RouteContext) => Reply | Promise<Reply>;

export function generationRoute(pathname: string): GenerationHandler | undefined {
  if (pathname === '/v1/images/generations') return handleSeedream;
  if (pathname === '/v1/chat/completions') return handleWan;
  const model = geminiModelFromPath(pathname);
  if (model !== undefined) return (body, ctx) => handleGemini(model, body, ctx);
  return undefined;
}

export function isGenerationPath(path: string): boolean {
  return generationRoute(new URL(path, 'http://api.invalid').pathname) !== undefined;
}
