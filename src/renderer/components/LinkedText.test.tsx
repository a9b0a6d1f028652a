import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LinkedText } from './LinkedText';

describe('LinkedText', () => {
  it('draws https and mailto addresses as links that open outside the page, and other schemes as text', () => {
    const { container } = render(
      <p>
        <LinkedText text="docs https://example.com/a and mailto:bob@example.com, not javascript:alert(1) or file:///etc/passwd" />
      </p>,
    );
    const links = screen.getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://example.com/a', 'mailto:bob@example.com']);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(container.textContent).toBe(
      'docs https://example.com/a and mailto:bob@example.com, not javascript:alert(1) or file:///etc/passwd',
    );
  });
});
