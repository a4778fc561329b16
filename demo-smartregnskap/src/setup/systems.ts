// The two systems SmartCloud AS registers for SmartRegnskap in Altinn's system register, and what
// SmartRegnskap asks its customers for. Direct customers approve the single right to "Krav og
// betalinger"; accounting firms approve an agent system user holding the accountant package, then
// add their clients to it.
import type { TestbedConfig } from '@testbed/common/config';
import { iso6523 } from '@testbed/common/identifiers';
import { ORG } from '@testbed/common/world';
import type { RegisterSystemRequest, Right } from '../altinn-client.js';

export const VENDOR_ORG = ORG.smartcloud;
const STANDARD_SYSTEM_ID = `${VENDOR_ORG}_smartregnskap`;
const AGENT_SYSTEM_ID = `${VENDOR_ORG}_smartregnskap_klient`;

export const KRAV_RIGHTS: Right[] = [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }];
export const FIRM_PACKAGES = [{ urn: 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet' }];

/** Where Altinn sends the person back; Altinn matches it without the query, so `?customer=` is allowed. */
export const returnPath = '/onboarding/return';
export const returnUrl = (config: TestbedConfig) => `${config.urls.smartregnskap}${returnPath}`;

type Texts = Record<'nb' | 'nn' | 'en', string>;

interface SystemSpec {
  id: string;
  name: Texts;
  description: Texts;
  rights: Right[];
  accessPackages: { urn: string }[];
  isVisible: boolean;
}

const STANDARD: SystemSpec = {
  id: STANDARD_SYSTEM_ID,
  name: { nb: 'SmartRegnskap', nn: 'SmartRekneskap', en: 'SmartRegnskap' },
  description: {
    nb: 'Regnskapsprogram fra SmartCloud AS som viser skatte- og avgiftskrav fra Skatteetaten.',
    nn: 'Rekneskapsprogram frå SmartCloud AS som viser skatte- og avgiftskrav frå Skatteetaten.',
    en: 'Accounting software from SmartCloud AS that shows tax claims from the Norwegian Tax Administration.',
  },
  rights: KRAV_RIGHTS,
  accessPackages: [],
  isVisible: true,
};

const AGENT: SystemSpec = {
  id: AGENT_SYSTEM_ID,
  name: { nb: 'SmartRegnskap klientsystem', nn: 'SmartRekneskap klientsystem', en: 'SmartRegnskap for accounting firms' },
  description: {
    nb: 'SmartRegnskap for regnskapsførere: viser krav og betalinger for klientene deres.',
    nn: 'SmartRekneskap for rekneskapsførarar: viser krav og betalingar for klientane deira.',
    en: 'SmartRegnskap for accounting firms: shows claims and payments of their clients.',
  },
  rights: [],
  accessPackages: FIRM_PACKAGES,
  // Client packages are not assignable, so Altinn requires an invisible system (AUTH.VLD-00018).
  isVisible: false,
};

/** The system register body, in the field order of Altinn's documentation. */
const registration = (config: TestbedConfig, clientId: string, spec: SystemSpec): RegisterSystemRequest => ({
  id: spec.id,
  vendor: iso6523(VENDOR_ORG),
  name: spec.name,
  description: spec.description,
  rights: spec.rights,
  accessPackages: spec.accessPackages,
  clientId: [clientId],
  allowedRedirectUrls: [returnUrl(config)],
  isVisible: spec.isVisible,
});

export const standardSystem = (config: TestbedConfig, clientId: string) => registration(config, clientId, STANDARD);
export const agentSystem = (config: TestbedConfig, clientId: string) => registration(config, clientId, AGENT);
