// A type test, compiled by `npm run typecheck` and never bundled: the options `@tandem/sdk`
// (packages/sdk) declares are exactly what `Tandem.init` takes, so the package's types cannot
// drift from the SDK's.
import type { SiteOptions } from '../../../packages/sdk/src';
import type { PartialOptions } from './options';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Keys<T> = keyof T;
const sameKeys: Same<Keys<Required<SiteOptions>>, Keys<Required<PartialOptions>>> = true;
const sameOptions: Same<Required<SiteOptions>, Required<PartialOptions>> = true;
export const packageTypesMatch = sameKeys && sameOptions;
