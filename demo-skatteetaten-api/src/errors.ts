// Skatteetaten's error model `Feil {kode, melding, korrelasjonsid}` with the API's own KB-codes and
// the shared DAS-codes, in JSON or (for `Accept: application/xml`) the documented XML form.
// Every error the service sends goes through here, including body-parser, 404, fault and upstream
// failures. Diagnostic hints go in the `X-Testbed-Hint` header, never in the body, unless strict.
import type { Request, Response } from 'express';
import type { TestbedConfig } from '@testbed/common/config';
import type { ErrorFormat, ErrorKind } from '@testbed/common/errors';
import { UpstreamError } from '@testbed/common/http-client';
import { negotiate, sendRepresentation } from './format.js';

export const FEIL = {
  'KB-001': { status: 500, melding: 'Uventet feil på tjenesten.' },
  'KB-002': { status: 500, melding: 'Uventet feil i et bakenforliggende system.' },
  'KB-003': { status: 404, melding: 'Ukjent url benyttet.' },
  'KB-004': { status: 401, melding: 'Feil i forbindelse med autentisering.' },
  'KB-005': { status: 403, melding: 'Feil i forbindelse med samtykketoken.' },
  'KB-006': { status: 400, melding: 'Feil i forbindelse med validering av inputdata.' },
  'KB-007': { status: 404, melding: 'Fant ingen krav/betalinger på angitt identifikator og periode.' },
  'KB-008': { status: 406, melding: 'Feil tilknyttet dataformat. Kun json eller xml er støttet.' },
  'KB-009': { status: 404, melding: 'Ingen treff på oppgitt identifikator.' },
  'DAS-003': {
    status: 500,
    melding: 'Den forespurte informasjonen er for øyeblikket utilgjengelig, vennligst prøv igjen senere! Dersom problemet vedvarer, ta kontakt med brukerstøtte!',
  },
  'DAS-008': { status: 403, melding: 'Du er ikke autorisert for tilgang til den forespurte ressursen.' },
} as const;

export type Feilkode = keyof typeof FEIL;

export const FEIL_NAMESPACE = 'urn:no:skatteetaten:datasamarbeid:feil:v1';
export const HINT_HEADER = 'X-Testbed-Hint';

/** An error answered as `Feil`: `detail` (Norwegian) is appended to the code's message; `hint` is diagnostic. */
export class Feil extends Error {
  constructor(
    readonly kode: Feilkode,
    readonly detail?: string,
    readonly hint?: string,
  ) {
    super(`${kode}${detail ? `: ${detail}` : ''}${hint ? ` (${hint})` : ''}`);
    this.name = 'Feil';
  }
}

/** The code for a generic failure classified by common's plumbing. */
function kodeOf(kind: ErrorKind, status: number): Feilkode {
  switch (kind) {
    case 'bad_request':
    case 'too_large':
      return 'KB-006';
    case 'unsupported_media_type':
      return 'KB-008';
    case 'unauthorized':
      return 'KB-004';
    case 'forbidden':
      return 'DAS-008';
    case 'not_found':
      return 'KB-003';
    case 'upstream':
      return 'KB-002';
    case 'unavailable':
      return 'DAS-003';
    case 'internal':
      return 'KB-001';
    case 'fault':
      return kodeOfStatus(status);
  }
}

/** An injected fault keeps its status; the body carries the code Skatteetaten uses for that status. */
function kodeOfStatus(status: number): Feilkode {
  const byStatus: Record<number, Feilkode> = { 400: 'KB-006', 401: 'KB-004', 403: 'DAS-008', 404: 'KB-003', 406: 'KB-008', 502: 'KB-002', 503: 'DAS-003', 504: 'KB-002' };
  return byStatus[status] ?? (status >= 500 ? 'KB-001' : 'KB-006');
}

/** Header values must be visible ASCII; hints may quote anything the caller sent. */
const headerSafe = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 1000);

export function feilFormat(config: TestbedConfig): ErrorFormat {
  const write = (req: Request, res: Response, status: number, kode: Feilkode, detail?: string, hint?: string) => {
    const melding = detail ? `${FEIL[kode].melding.replace(/\.$/, '')}: ${detail}` : FEIL[kode].melding;
    if (hint && !config.strict) res.setHeader(HINT_HEADER, headerSafe(hint));
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    const body = { kode, melding, korrelasjonsid: String(res.locals.correlationId) };
    sendRepresentation(res, status, negotiate(req) ?? 'json', 'feil', body, FEIL_NAMESPACE);
  };

  return {
    send(req, res, status, kind, message) {
      // Skatteetaten documents backing-system failures as 500, whatever status common suggests.
      const kode = kodeOf(kind, status);
      write(req, res, kind === 'fault' ? status : FEIL[kode].status, kode, undefined, message);
    },
    handle(err, req, res) {
      if (err instanceof Feil) {
        write(req, res, FEIL[err.kode].status, err.kode, err.detail, err.hint);
        return true;
      }
      if (err instanceof UpstreamError) {
        write(req, res, 500, 'KB-002', undefined, err.message);
        return true;
      }
      // A path segment that is not valid percent-encoding (router's decode error).
      if (err instanceof URIError) {
        write(req, res, 400, 'KB-006', 'URL-en inneholder ugyldig prosentkoding.', err.message);
        return true;
      }
      return false;
    },
  };
}
