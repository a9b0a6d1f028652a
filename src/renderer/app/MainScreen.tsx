import { Sidebar } from '../chat/Sidebar';
import { ConversationPane } from '../chat/ConversationPane';
import { PaymentDialog } from '../wallet/PaymentDialog';
import { WalletPanel } from '../wallet/WalletPanel';
import { QuickSwitcher } from '../shell/QuickSwitcher';
import { Toaster } from '../shell/Toaster';
import { useKeyboardShortcuts } from '../shell/useKeyboardShortcuts';

/** The signed-in app: conversations on the left, the open one in the middle, the wallet on the right. */
export function MainScreen() {
  useKeyboardShortcuts();
  return (
    <div className="main-screen">
      <Sidebar />
      <ConversationPane />
      <WalletPanel />
      <PaymentDialog />
      <QuickSwitcher />
      <Toaster />
    </div>
  );
}
