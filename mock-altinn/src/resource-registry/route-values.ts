// A path parameter that is not valid percent-encoding: Express throws a URIError while matching the
// route, which the shared error handler would report as a 500. Answer it as the bad request it is.
import type { ErrorRequestHandler } from 'express';
import { PlainResult } from '../problems.js';

export const malformedRouteValue: ErrorRequestHandler = (err, _req, _res, next) => next(err instanceof URIError ? new PlainResult(400) : err);
