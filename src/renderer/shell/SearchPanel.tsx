import { useAtom, useAtomValue, useSetAtom, useStore } from 'jotai';
import { type KeyboardEvent, type UIEvent, useEffect, useId, useRef, useState } from 'react';
import type { SearchResult } from '../../shared/protocol/messageChanges';
import { MESSAGE_SEARCH_QUERY_MAX_LENGTH } from '../../shared/protocol/limits';
import { useJumpToMessage } from '../chat/jump/useJumpToMessage';
import { prefetchAround } from '../chat/jump/aroundPrefetch';
import { MESSAGE_LOG_ID } from '../chat/jump/useHistoryView';
import { conversationName } from '../format/conversationName';
import { conversationsAtom, openChatAtom, selfIdAtom } from '../state/atoms';
import { closeSearchAtom, searchPanelAtom } from './searchPanelState';
import { SearchResultOption } from './SearchResultOption';
import { useMessageSearch } from './useMessageSearch';
import './search.css';

/** Results are asked for while the list is scrolled this close to its end (px). */
const NEAR_END_PX = 120;
/** The result the user rests on this long (ms) has its history read ahead, so opening it is instant. */
const PREFETCH_AFTER_MS = 150;
/** Below this width (chat.css: the wallet is a drawer) the panel covers the chat: opening a result closes it. */
const NARROW = '(max-width: 60rem)';

/**
 * The message search (Ctrl+F: the open conversation, Ctrl+Shift+F: all), a panel beside the chat
 * where there is room (over the wallet column) and over it in a narrow window. A combobox named
 * "Search messages" (results as you type, after a pause), the scope ("In this conversation" /
 * "All conversations"), and the results as a listbox "Search results": sender, the conversation
 * when searching all, date and the snippet with the matched words marked. ↑/↓ move, Enter opens
 * one at its place in history (`useJumpToMessage`), Esc closes and gives the focus back.
 */
export function SearchPanel() {
  const open = useAtomValue(searchPanelAtom).open;
  return open ? <Panel /> : null;
}

function Panel() {
  const [state, setState] = useAtom(searchPanelAtom);
  const closeSearch = useSetAtom(closeSearchAtom);
  const openChat = useAtomValue(openChatAtom);
  const conversations = useAtomValue(conversationsAtom);
  const selfId = useAtomValue(selfIdAtom);
  const jump = useJumpToMessage();
  const openId = openChat?.kind === 'conversation' ? openChat.conversationId : null;
  // With no conversation open, there is only one place to search.
  const scope = openId ? state.scope : 'all';
  const search = useMessageSearch(state.query, scope === 'conversation' ? openId : null);
  const { results } = search;

  // Where the focus was when the panel was last asked for (Ctrl+F from the chat, say): it goes back
  // there when the panel closes.
  const panel = useRef<HTMLElement>(null);
  const opener = useRef<Element | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!panel.current?.contains(document.activeElement)) opener.current = document.activeElement;
    input.current?.focus();
    input.current?.select();
  }, [state.focusRequest]);

  const listId = useId();
  const optionId = (result: SearchResult) => `${listId}-${result.message._id}`;
  // Held by id, so a page added below keeps the active result; the first one until moved.
  const [activeId, setActiveId] = useState<string | null>(null);
  const activeIndex = Math.max(
    0,
    results.findIndex((result) => result.message._id === activeId),
  );
  const active = results[activeIndex];
  useEffect(() => {
    // jsdom has no scrollIntoView; browsers do.
    if (active) document.getElementById(`${listId}-${active.message._id}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, listId]);
  // What Enter would open is read ahead once the user rests on it (not for each result passed).
  const store = useStore();
  useEffect(() => {
    if (!active) return;
    const { conversationId, _id: messageId, seq } = active.message;
    const timer = setTimeout(() => prefetchAround(store, { conversationId, messageId, seq }), PREFETCH_AFTER_MS);
    return () => clearTimeout(timer);
  }, [active, store]);

  const close = () => {
    closeSearch();
    const from = opener.current;
    const back = from instanceof HTMLElement && from.isConnected ? from : document.getElementById(MESSAGE_LOG_ID);
    back?.focus();
  };

  const choose = (result: SearchResult) => {
    setActiveId(result.message._id);
    const { conversationId, _id: messageId, seq } = result.message;
    jump({ conversationId, messageId, seq });
    // Over the chat (narrow window) the panel would hide the message: it closes; the message takes the focus.
    if (window.matchMedia?.(NARROW).matches) closeSearch();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || results.length === 0) return;
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      event.preventDefault(); // not the caret
      const next = (activeIndex + step + results.length) % results.length;
      setActiveId(results[next]!.message._id);
      // Moving onto the last ones asks for the next page, as scrolling there would.
      if (next >= results.length - 2) search.loadMore();
    } else if (event.key === 'Enter' && active) {
      event.preventDefault();
      choose(active);
    }
  };

  const onPanelKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    close();
  };

  const onListScroll = (event: UIEvent<HTMLElement>) => {
    const list = event.currentTarget;
    if (list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_END_PX) search.loadMore();
  };

  const setQuery = (query: string) => {
    setState((now) => ({ ...now, query }));
    setActiveId(null); // the newest result first
  };
  const setScope = (next: 'conversation' | 'all') => {
    setState((now) => ({ ...now, scope: next }));
    setActiveId(null);
  };

  const inConversation = openId ? conversations.get(openId) : undefined;
  const nameOf = (conversationId: string) => {
    const conversation = conversations.get(conversationId);
    return conversation ? conversationName(conversation, selfId) : '';
  };
  // Searching all: which conversation, unless the name says it already (bob's message in the chat with bob).
  const conversationShown = (result: SearchResult) => {
    const name = nameOf(result.message.conversationId);
    const samePerson = result.message.senderId !== selfId && name === result.message.sender.username;
    return name === '' || samePerson ? null : name;
  };
  const asked = state.query.trim() !== '';
  const status = !asked
    ? ''
    : search.status === 'searching'
      ? 'Searching…'
      : search.status === 'done' && results.length === 0
        ? 'No messages found'
        : search.status === 'done'
          ? `${results.length} ${results.length === 1 ? 'message' : 'messages'} found${search.hasMore ? ', more below' : ''}`
          : '';

  return (
    <section
      ref={panel}
      className="search-panel"
      role="search"
      aria-labelledby={`${listId}-title`}
      onKeyDown={onPanelKey}
    >
      <div className="search-panel-bar">
        <h2 id={`${listId}-title`} className="search-panel-title">
          Search
        </h2>
        <button type="button" className="icon" aria-label="Close search" title="Close (Esc)" onClick={close}>
          ×
        </button>
      </div>
      <input
        ref={input}
        type="search"
        role="combobox"
        className="search-input search-panel-input"
        aria-label="Search messages"
        aria-autocomplete="list"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-activedescendant={active ? optionId(active) : undefined}
        placeholder="Search messages"
        dir="auto"
        autoComplete="off"
        maxLength={MESSAGE_SEARCH_QUERY_MAX_LENGTH}
        value={state.query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="search-scope" role="radiogroup" aria-label="Search in">
        <label className={`search-scope-option ${openId ? '' : 'is-disabled'}`}>
          <input
            type="radio"
            name={`${listId}-scope`}
            checked={scope === 'conversation'}
            disabled={!openId}
            onChange={() => setScope('conversation')}
          />
          In this conversation
        </label>
        <label className="search-scope-option">
          <input type="radio" name={`${listId}-scope`} checked={scope === 'all'} onChange={() => setScope('all')} />
          All conversations
        </label>
      </div>
      {scope === 'conversation' && inConversation && (
        <p className="search-scope-name">
          In <bdi dir="auto">{conversationName(inConversation, selfId)}</bdi>
        </p>
      )}
      <p className="search-status" role="status">
        {status}
      </p>
      {search.error && (
        <p className="form-error search-error" role="alert">
          {search.error}
        </p>
      )}
      <ul
        id={listId}
        role="listbox"
        aria-label="Search results"
        className="search-results"
        aria-busy={search.status === 'searching'}
        onScroll={onListScroll}
      >
        {results.map((result) => (
          <SearchResultOption
            key={result.message._id}
            id={optionId(result)}
            result={result}
            selected={result === active}
            conversation={scope === 'all' ? conversationShown(result) : null}
            own={result.message.senderId === selfId}
            onChoose={() => choose(result)}
            onHover={() => setActiveId(result.message._id)}
          />
        ))}
      </ul>
      {search.hasMore && search.status === 'done' && (
        <button type="button" className="secondary search-more" disabled={search.loadingMore} onClick={search.loadMore}>
          {search.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
