// Request bodies as ASP.NET binds them: [Required] members, strings the database holds as
// varchar(255) refused above that length (the real one fails in the database), null as absent.
import { z } from 'zod';
import type { BodyModel } from '../model-binding.js';
import { list, packageRefSchema, rightSchema } from '../system-register/schemas.js';
import type { RequestBody } from './create.js';
import type { ChangeRequestBody } from './change-requests.js';

const varchar255 = (member: string) => z.string().max(255, `The field ${member} must be a string with a maximum length of 255.`);

/** An optional string member: null and absent are the same. */
const optional = <T extends z.ZodType<string>>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

const standard: z.ZodType<RequestBody> = z.object({
  systemId: varchar255('SystemId'),
  partyOrgNo: z.string(),
  externalRef: optional(varchar255('ExternalRef')),
  integrationTitle: optional(varchar255('IntegrationTitle')),
  rights: z.array(rightSchema).nullish(),
  accessPackages: z.array(packageRefSchema).nullish(),
  redirectUrl: optional(z.string()),
});

const agent: z.ZodType<RequestBody> = z.object({
  systemId: varchar255('SystemId'),
  partyOrgNo: z.string(),
  externalRef: optional(varchar255('ExternalRef')),
  integrationTitle: optional(varchar255('IntegrationTitle')),
  accessPackages: z.array(packageRefSchema),
  redirectUrl: optional(z.string()),
});

const change: z.ZodType<ChangeRequestBody> = z.object({
  requiredRights: list(rightSchema),
  unwantedRights: list(rightSchema),
  requiredAccessPackages: list(packageRefSchema),
  unwantedAccessPackages: list(packageRefSchema),
  redirectUrl: optional(z.string()),
});

export const CREATE_REQUEST: BodyModel<RequestBody> = { schema: standard, model: 'CreateRequestSystemUser', param: 'createRequest', required: 'annotation' };
export const CREATE_AGENT_REQUEST: BodyModel<RequestBody> = { schema: agent, model: 'CreateAgentRequestSystemUser', param: 'createAgentRequest', required: 'annotation' };
export const CHANGE_REQUEST: BodyModel<ChangeRequestBody> = { schema: change, model: 'ChangeRequestSystemUser', param: 'createRequest', required: 'annotation' };
