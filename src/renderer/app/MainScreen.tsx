import { useAtomValue } from 'jotai';
import { useEffect } from 'react';
import { Sidebar } from '../chat/Sidebar';
import { HostNoticeBar } from '../desktop/HostNoticeBar';
import { UpdateBanner } from '../desktop/UpdateBanner';
import { conversationListAtom } from '../state/atoms';
import { ConversationPane } from '../chat/ConversationPane';
import { PaymentDialog } from '../wallet/PaymentDialog';
import { WalletPanel } from '../wallet/WalletPanel';
import { SettingsDialog } from '../settings/SettingsDialog';
import { QuickSwitcher } from '../shell/QuickSwitcher';
import { SearchPanel } from '../shell/SearchPanel';
import { Toaster } from '../shell/Toaster';
import { useKeyboardShortcuts } from '../shell/useKeyboardShortcuts';

/**
 * The signed-in app: conversations on the left, the open one in the middle, the wallet on the
 * right, or in a drawer behind the sidebar's "Wallet" button where the window is too narrow
 * (chat.css, wallet.css).
 */
export function MainScreen() {
  useKeyboardShortcuts();
  useUnreadTitle();
  return (
    <div className="app-frame">
      {/* The page's title for screen readers' heading navigation; the chat's name is its h2. */}
      <h1 className="visually-hidden">{TITLE}</h1>
      <UpdateBanner />
      <HostNoticeBar />
      <div className="main-screen">
        <Sidebar />
        <ConversationPane />
        <WalletPanel />
        <SearchPanel />
      </div>
      <PaymentDialog />
      <QuickSwitcher />
      <SettingsDialog />
      <Toaster />
    </div>
  );
}

const TITLE = 'Messenger';

/**
 * The window title carries the unread count, as browsers' tabs and taskbars show it; signed out
 * (this screen gone), it is the plain title again, not the last user's count.
 */
function useUnreadTitle(): void {
  const unread = useAtomValue(conversationListAtom).reduce((sum, c) => sum + c.unreadCount, 0);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${TITLE}` : TITLE;
  }, [unread]);
  useEffect(
    () => () => {
      document.title = TITLE;
    },
    [],
  );
}
