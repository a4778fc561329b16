// What the system register answers (altinn-authentication.md §2.2): the full
// RegisteredSystemResponse to the owning vendor, the reduced RegisteredSystemDTO in lists and to the
// portal. `vendor` carries only `ID`: `authority` is a C# field the serializer leaves out.
import type { RegisteredSystem, Right } from './model.js';

export const toSystemResponse = (s: RegisteredSystem) => ({
  id: s.id,
  vendor: { ID: `0192:${s.vendorOrgNo}` },
  name: s.name,
  description: s.description,
  rights: s.rights,
  accessPackages: s.accessPackages,
  isDeleted: s.isDeleted,
  clientId: s.clientId,
  isVisible: s.isVisible,
  allowedRedirectUrls: s.allowedRedirectUrls,
});

export const toSystemDto = (s: RegisteredSystem) => ({
  systemId: s.id,
  systemVendorOrgNumber: s.vendorOrgNo,
  systemVendorOrgName: '',
  name: s.name,
  description: s.description,
  rights: s.rights,
  accessPackages: s.accessPackages,
  isVisible: s.isVisible,
});

/** `useOldFormatForApp`: an app resource `app_{org}_{app}` as the older org + app attribute pair. */
export function withOldAppFormat(right: Right): Right {
  const resource = right.resource.flatMap((pair) => {
    const app = /^app_([^_]+)_(.+)$/.exec(pair.value);
    return app
      ? [
          { id: 'urn:altinn:org', value: app[1]! },
          { id: 'urn:altinn:app', value: app[2]! },
        ]
      : [pair];
  });
  return { ...right, resource };
}
