import type { MatcherFunction } from '@testing-library/react';

/**
 * A testing-library matcher for text that spans elements: "You paid <bdi>bob</bdi> $5.00" is one
 * sentence to a reader, but `getByText('You paid bob $5.00')` looks at each element's own text
 * nodes only. This matches the innermost element whose whole text content (white space collapsed)
 * is `expected`, or matches it when a RegExp.
 */
export function textContent(expected: string | RegExp): MatcherFunction {
  const matches = (text: string | null | undefined) => {
    const normal = (text ?? '').replace(/\s+/g, ' ').trim();
    return typeof expected === 'string' ? normal === expected : expected.test(normal);
  };
  return (_content, element) =>
    element !== null &&
    matches(element.textContent) &&
    !Array.from(element.children).some((child) => matches(child.textContent));
}

/** A string without the FSI/PDI marks that isolate people's text in plain strings (toasts, notifications). */
export const withoutIsolates = (text: string) => text.replace(/[\u2068\u2069]/g, '');
