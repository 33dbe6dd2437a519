import type { ContextKind, Platform } from '../lib/sites/types';

export const platformNames: Record<Platform, string> = { x: 'X', instagram: 'Instagram', facebook: 'Facebook' };
export const kindNames: Record<ContextKind, string> = { dm: 'Direct message', post: 'Post', profile: 'Profile' };
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
