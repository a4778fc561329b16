// The two representations the API speaks: JSON by default, XML with `Accept: application/xml`.
// XML element names are the JSON property names; arrays become repeated elements.
import type { Request, Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';

export type Representation = 'json' | 'xml';

const MEDIA_TYPES = { json: 'application/json', xml: 'application/xml' } as const;

/** What the caller accepts (no Accept header and `*\/*` mean JSON); null when it accepts neither. */
export function negotiate(req: Request): Representation | null {
  const accepted = req.accepts([MEDIA_TYPES.json, MEDIA_TYPES.xml]);
  return accepted === MEDIA_TYPES.xml ? 'xml' : accepted === MEDIA_TYPES.json ? 'json' : null;
}

const xml = new XMLBuilder({ format: true, indentBy: '   ', ignoreAttributes: false, attributeNamePrefix: '@' });

/**
 * Sends `body` as JSON or as XML under `root` (with `namespace` as its default namespace).
 * Absent properties are left out in both forms, as the real API omits nulls.
 */
export function sendRepresentation(res: Response, status: number, representation: Representation, root: string, body: object, namespace?: string): void {
  res.status(status);
  if (representation === 'json') {
    res.json(body);
    return;
  }
  const defined = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const element = namespace ? { '@xmlns': namespace, ...defined } : defined;
  res.type(`${MEDIA_TYPES.xml}; charset=utf-8`).send(xml.build({ [root]: element }));
}
