// Schemas of accounts as the API shows them (never a hash) and of the caller's own identity.
import { DEPARTMENTS, ROLES } from '@anju/core';
import type { UserInfo } from '@anju/store';
import { z } from '@hono/zod-openapi';

export const RoleSchema = z.enum(ROLES as unknown as [string, ...string[]]).openapi({ example: 'district-editor' });
export const DepartmentSchema = z
  .enum(DEPARTMENTS as unknown as [string, ...string[]])
  .openapi({ example: 'natural-resources' });

export const UserSchema = z
  .object({
    userId: z.string(),
    login: z.string(),
    displayName: z.string(),
    role: z.string(),
    cityCode: z.string().nullable(),
    districtCode: z.string().nullable(),
    department: z.string().nullable(),
    failedLogins: z.number().int(),
    lockedUntil: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    passwordChangedAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .openapi('User');

export const MeSchema = z
  .object({
    mode: z.enum(['local', 'accounts']),
    /** null: not signed in (accounts mode). */
    user: z
      .object({
        login: z.string(),
        displayName: z.string(),
        role: z.string(),
        cityCode: z.string().nullable(),
        districtCode: z.string().nullable(),
        department: z.string().nullable(),
      })
      .nullable(),
    expiresAt: z.string().nullable(),
    /** The token to send back in X-CSRF-Token on every change (also in the anju_csrf cookie). */
    csrfToken: z.string().nullable(),
  })
  .openapi('Me');

export function userView(u: UserInfo): z.infer<typeof UserSchema> {
  return { ...u };
}
