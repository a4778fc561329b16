// Bodies of the system register, also used by requests: how System.Text.Json binds them. Null
// lists bind as empty ones; `vendor.authority` is a C# field, so it is ignored on input.
import { z } from 'zod';
import type { BodyModel } from '../model-binding.js';
import type { Right } from './model.js';
import type { SystemBody } from './register.js';

/** A list member that may be absent or null: an empty list then. */
export const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

export const rightSchema: z.ZodType<Right> = z
  .object({
    action: z.string().nullish(),
    resource: z.array(z.object({ id: z.string(), value: z.string() })),
  })
  .transform(({ action, resource }) => (action ? { action, resource } : { resource }));

export const packageRefSchema = z.object({ urn: z.string() });

const systemSchema: z.ZodType<SystemBody> = z.object({
  id: z.string(),
  vendor: z.object({ ID: z.string() }),
  name: z.record(z.string(), z.string()),
  description: z.record(z.string(), z.string()),
  rights: list(rightSchema),
  accessPackages: list(packageRefSchema),
  clientId: list(z.string()),
  isVisible: z.boolean().default(true),
  allowedRedirectUrls: list(z.string()),
});

export const REGISTER_SYSTEM: BodyModel<SystemBody> = { schema: systemSchema, model: 'RegisterSystemRequest', param: 'registerNewSystem', required: 'json' };
export const RIGHTS: BodyModel<Right[]> = { schema: z.array(rightSchema), model: 'List`1', param: 'rights', required: 'annotation' };
export const ACCESS_PACKAGES: BodyModel<{ urn: string }[]> = {
  schema: z.array(packageRefSchema),
  model: 'List`1',
  param: 'accessPackages',
  required: 'annotation',
};
