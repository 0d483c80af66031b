import type { FilterQueryOf, UpdateQueryOf } from '../src/queryset/types/index.js';
import type { Big } from './model.js';
type F = FilterQueryOf<typeof Big>;
type U = UpdateQueryOf<typeof Big>;
export const q: F = { f3__gte: 1, f1__istartswith: 'a', f16__city: 'P', f18__0__author: 'x', f13__size: 2 };
export const u: U = { inc__f3: 1, set__f16__city: 'x', push__f13: 'a', inc__f18__S__votes: 1 };
