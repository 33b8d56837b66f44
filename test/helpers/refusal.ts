import { isAppError, type AppError } from '../../src/errors.js';

/** The AppError a service call is refused with; null when it is not refused. Any other error is thrown on. */
export async function appRefusal(p: Promise<unknown>): Promise<AppError | null> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  return null;
}
