import { useAtomValue, useStore } from 'jotai';
import { useEffect } from 'react';
import { api } from '../api';
import { defaultSettings } from '../../shared/contract/settings';
import { paymentNoticeLine } from '../../shared/format/noticeText';
import {
  applySessionAtom,
  conversationsAtom,
  draftMap,
  draftsAtom,
  openChatAtom,
  outboxAtom,
  selfIdAtom,
  settingsAtom,
  showToastAtom,
  walletAtom,
} from './atoms';
import { applyChangesAtom } from './applyChanges';
import { applyWindowUpdatesAtom } from './historyWindow';
import { applyConnectionStatusAtom } from './presenceCurrency';
import { playSound } from './sounds';
import { walletDrawerOpenAtom } from '../wallet/walletDrawer';

/**
 * Keeps the atoms in step with the host: a first read of everything, then every event. Signing
 * in loads the user's chats and wallet; signing out (or another user) drops what was shown.
 */
export function useHostEvents(): void {
  const store = useStore();
  const selfId = useAtomValue(selfIdAtom);

  useEffect(() => {
    const set = store.set;
    const stops = [
      api().on('session', (session) => set(applySessionAtom, session)),
      api().on('connectionStatus', (status) => set(applyConnectionStatusAtom, status)),
      api().on('settings', (view) => set(settingsAtom, view)),
      api().on('changes', (changes) => set(applyChangesAtom, changes)),
      // A history window's messages are not the engine's to change: it says which changed.
      api().on('messagesUpdated', ({ messages }) => set(applyWindowUpdatesAtom, messages)),
      // What is new and out of view, with `sounds` on, is the engine's rule: the UI only plays it.
      api().on('sound', ({ kind }) => playSound(kind)),
      api().on('paymentReceived', (payment) => {
        // "alice paid you $5.00 — “lunch”", as far as "Notification content" lets it show.
        const privacy = store.get(settingsAtom)?.settings.notificationPrivacy ?? defaultSettings.notificationPrivacy;
        set(showToastAtom, { tone: 'success', text: paymentNoticeLine(privacy, payment) });
      }),
      api().on('navigate', (target) => {
        if (target.to === 'conversation')
          set(openChatAtom, { kind: 'conversation', conversationId: target.conversationId });
        else {
          // A payment notification: the wallet takes the focus, its newest transaction on top;
          // in a narrow window it is a drawer, opened first (it takes the focus as it opens).
          set(walletDrawerOpenAtom, true);
          document.getElementById('wallet')?.focus();
        }
      }),
    ];
    void api()
      .getSession({})
      .then((result) => result.ok && set(applySessionAtom, result.data));
    void api()
      .getConnectionStatus({})
      .then((result) => result.ok && set(applyConnectionStatusAtom, result.data));
    void api()
      .getSettings({})
      .then((result) => result.ok && set(settingsAtom, result.data));
    return () => stops.forEach((stop) => stop());
  }, [store]);

  // Whoever signs in loads their own state. Nothing of the previous user is left to clear: the
  // session change that brought this one in reset every user atom (applySessionAtom).
  useEffect(() => {
    const set = store.set;
    if (!selfId) return;
    let current = true;
    void api()
      .getChatState({})
      .then((result) => {
        if (!current || !result.ok) return;
        // Answered right after the batch under way went out: the whole state, later changes apply on top.
        set(conversationsAtom, new Map(result.data.conversations.map((c) => [c._id, c])));
        set(outboxAtom, result.data.outbox);
        set(draftsAtom, draftMap(result.data.drafts));
      });
    void api()
      .getWallet({})
      .then((result) => current && result.ok && set(walletAtom, result.data));
    return () => {
      current = false;
    };
  }, [store, selfId]);
}
