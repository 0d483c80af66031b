import type { FilterQueryOf } from '../src/queryset/types/index.js';
import type { Big } from './model.js';
type F = FilterQueryOf<typeof Big>;
export const q: F = { f3__gte: 1, f1__istartswith: 'a', f16__city: 'P', f18__0__author: 'x', f13__size: 2 };
