// Each service answers errors in its own real format (Maskinporten's OAuth error, Altinn's
// ProblemDetails, Skatteetaten's {kode, melding, korrelasjonsid}). The shared pieces below only
// classify what went wrong; the service's ErrorFormat decides what goes on the wire.
import type { Request, Response, NextFunction } from 'express';
import { UpstreamError } from './http-client.js';
import type { Logger } from './logger.js';

export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'too_large'
  | 'unsupported_media_type'
  | 'upstream'
  | 'fault'
  | 'unavailable'
  | 'internal';

export interface ErrorFormat {
  /** Sends a generic error of `kind` in the service's format. */
  send(req: Request, res: Response, status: number, kind: ErrorKind, message: string): void;
  /** Sends a service-specific error object; returns false when `err` is not one of the service's. */
  handle?(err: unknown, req: Request, res: Response): boolean;
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

/** The final error handler: body-parser failures, unreachable services, and everything unexpected. */
export function errorHandler(format: ErrorFormat, logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (format.handle?.(err, req, res)) return;
    const parserError = err as BodyParserError;
    switch (parserError?.type) {
      case 'entity.parse.failed':
        return format.send(req, res, 400, 'bad_request', `The request body could not be parsed: ${parserError.message}`);
      case 'entity.too.large':
        return format.send(req, res, 413, 'too_large', 'The request body is too large.');
      case 'parameters.too.many':
        return format.send(req, res, 413, 'too_large', 'The request has too many parameters.');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return format.send(req, res, 415, 'unsupported_media_type', `Unsupported body encoding: ${parserError.message}`);
      case 'request.aborted':
        res.destroy();
        return;
    }
    // Express marks client mistakes it detects itself (a malformed %-escape in the path) as 4xx.
    if (parserError?.status && parserError.status >= 400 && parserError.status < 500) {
      return format.send(req, res, 400, 'bad_request', `The request could not be read: ${parserError.message}`);
    }
    if (err instanceof UpstreamError) {
      logger.warn({ err: err.message }, 'upstream call failed');
      return format.send(req, res, 502, 'upstream', `A service this one depends on did not answer (${err.target}).`);
    }
    logger.error({ err }, 'unhandled error');
    format.send(req, res, 500, 'internal', 'An unexpected error occurred in the test-bed. See the service log.');
  };
}
