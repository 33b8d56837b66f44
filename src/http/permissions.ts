/**
 * Every route declares who may call it (`config: { permission }`); a route without a rule is refused
 * when the app is built. The full policy — roles, agencies, drafts — arrives with accounts; today
 * every route is a public read of published data.
 */
export const PERMISSIONS = ['public:read'] as const;
export type Permission = (typeof PERMISSIONS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
  }
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
