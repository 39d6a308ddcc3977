/**
 * Validation at the boundary: zod schemas (from shared/) through @hono/zod-validator, with failures
 * turned into the contract's error shape. A JSON body with another content type is refused with
 * 415.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodMiniType as ZodType } from 'zod/mini';
import { AppError, invalidInput } from '../../errors';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { admitBeforeRefusingInput } from './auth';

function make<T extends ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, async (result, c) => {
    if (result.success) return;
    await admitBeforeRefusingInput(c as Context<AppEnv>);
    if (target === 'json') {
      const type = c.req.header('content-type') ?? '';
      if (c.req.raw.body !== null && !/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
        throw new AppError('unsupported_media_type', 'Send the body as application/json');
      }
    }
    throw invalidInput(result.error);
  });
}

export const json = <T extends ZodType>(schema: T) => make('json', schema);
export const query = <T extends ZodType>(schema: T) => make('query', schema);
export const params = <T extends ZodType>(schema: T) => make('param', schema);
