import type { z } from 'zod';

/** Zod issues as one readable line: "status: Invalid option: expected one of …; text: must not be empty". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
