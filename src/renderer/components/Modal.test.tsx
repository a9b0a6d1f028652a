import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { describe, expect, it } from 'vitest';
import { Modal } from './Modal';

/** A page with an opener and a dialog it opens, with whatever the dialog holds. */
function Page({ content }: { content: (close: () => void) => React.ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button">Before</button>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Modal title="Test dialog" onClose={() => setOpen(false)}>
          {content(() => setOpen(false))}
        </Modal>
      )}
    </>
  );
}

const fields = (close: () => void) => (
  <>
    <label>
      Name <input />
    </label>
    <button type="button" onClick={close}>
      Cancel
    </button>
  </>
);

/** Opens the dialog the way a keyboard user does: focus on the opener, then Enter (a click in jsdom). */
function openFrom(name: string) {
  const opener = screen.getByRole('button', { name });
  opener.focus();
  fireEvent.click(opener);
  return opener;
}

describe('Modal: focus', () => {
  it('focuses the first field when it opens', () => {
    render(<Page content={fields} />);
    openFrom('Open');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Name' }));
  });

  it('gives the focus back to the opener when Esc closes it', () => {
    render(<Page content={fields} />);
    const opener = openFrom('Open');
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Name' }), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('gives the focus back to the opener when a button in it closes it', () => {
    render(<Page content={fields} />);
    const opener = openFrom('Open');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(opener);
  });

  it('gives the focus back to the opener when a click outside closes it', () => {
    render(<Page content={fields} />);
    const opener = openFrom('Open');
    fireEvent.mouseDown(screen.getByRole('dialog').parentElement!);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('gives the focus back to the opener even when its content takes the focus as it mounts (autoFocus)', () => {
    render(
      <Page
        content={(close) => (
          <>
            <button type="button" onClick={close}>
              Cancel
            </button>
            <input aria-label="Search" autoFocus />
          </>
        )}
      />,
    );
    const opener = openFrom('Open');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Search' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(document.activeElement).toBe(opener);
  });

  it('leaves the focus alone when the opener is gone by the time it closes', () => {
    function Vanishing() {
      const [open, setOpen] = useState(false);
      return open ? (
        <Modal title="Test dialog" onClose={() => setOpen(false)}>
          <input aria-label="Name" />
        </Modal>
      ) : (
        <button type="button" onClick={() => setOpen(true)}>
          Open
        </button>
      );
    }
    render(
      <>
        <button type="button">Elsewhere</button>
        <Vanishing />
      </>,
    );
    openFrom('Open');
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Name' }), { key: 'Escape' });
    expect(screen.getByRole('button', { name: 'Open' })).toBeTruthy();
    // Not thrown, and not somewhere odd: a detached element cannot hold the focus.
    expect(document.activeElement).toBe(document.body);
  });
});

describe('Modal: Tab stays inside', () => {
  const radios = (close: () => void) => (
    <>
      <fieldset>
        <legend>Theme</legend>
        <label>
          Light <input type="radio" name="theme" value="light" readOnly />
        </label>
        <label>
          Dark <input type="radio" name="theme" value="dark" readOnly />
        </label>
        <label>
          System <input type="radio" name="theme" value="system" defaultChecked />
        </label>
      </fieldset>
      <button type="button" hidden>
        Hidden
      </button>
      <button type="button" onClick={close}>
        Close
      </button>
    </>
  );

  it('Tab on the last control wraps to the first; Shift+Tab on the first wraps to the last', () => {
    render(<Page content={fields} />);
    openFrom('Open');
    const name = screen.getByRole('textbox', { name: 'Name' });
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    cancel.focus();
    fireEvent.keyDown(cancel, { key: 'Tab' });
    expect(document.activeElement).toBe(name);
    fireEvent.keyDown(name, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);
  });

  it('a radio group is one stop, its checked radio: Shift+Tab from it wraps to the last control, Tab from the last comes back to it', () => {
    render(<Page content={radios} />);
    openFrom('Open');
    const system = screen.getByRole('radio', { name: 'System' });
    // The group's stop is its checked radio, not the first one in the document.
    expect(document.activeElement).toBe(system);
    const close = screen.getByRole('button', { name: 'Close' });
    fireEvent.keyDown(system, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(close);
    // A hidden button is no stop: Close is the last.
    fireEvent.keyDown(close, { key: 'Tab' });
    expect(document.activeElement).toBe(system);
  });

  it('with the focus on the dialog itself (a click on its text), Tab goes to its first control, Shift+Tab to its last', () => {
    render(<Page content={fields} />);
    openFrom('Open');
    const dialog = screen.getByRole('dialog', { name: 'Test dialog' });
    act(() => dialog.focus());
    expect(document.activeElement).toBe(dialog);
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Name' }));
    act(() => dialog.focus());
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
  });

  it('a dialog over a dialog (in a portal) keeps Tab inside itself; Esc closes it alone, and the focus goes back into the first', () => {
    function Nested() {
      const [inner, setInner] = useState(false);
      return (
        <Modal title="Outer" onClose={() => {}}>
          <button type="button" onClick={() => setInner(true)}>
            Details
          </button>
          <button type="button">Outer close</button>
          {inner &&
            createPortal(
              <Modal title="Inner" onClose={() => setInner(false)}>
                <button type="button">Copy</button>
                <button type="button">Inner close</button>
              </Modal>,
              document.body,
            )}
        </Modal>
      );
    }
    render(<Nested />);
    const details = openFrom('Details');
    const copy = screen.getByRole('button', { name: 'Copy' });
    expect(document.activeElement).toBe(copy);
    fireEvent.keyDown(copy, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Inner close' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(document.activeElement).toBe(copy);
    fireEvent.keyDown(copy, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Inner' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Outer' })).toBeTruthy();
    expect(document.activeElement).toBe(details);
  });
});
