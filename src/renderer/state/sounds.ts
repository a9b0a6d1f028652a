/**
 * Short notification tones, synthesized so the app ships no audio files and the CSP needs no
 * media source. Browsers may refuse audio before the first user gesture; that is not an error.
 */
const tones = {
  message: [880],
  payment: [660, 990],
} as const;

let context: AudioContext | null = null;

export function playSound(kind: keyof typeof tones): void {
  try {
    if (typeof AudioContext === 'undefined') return;
    context ??= new AudioContext();
    const start = context.currentTime;
    tones[kind].forEach((frequency, index) => {
      const oscillator = context!.createOscillator();
      const gain = context!.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.08, start + index * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + index * 0.12 + 0.1);
      oscillator.connect(gain).connect(context!.destination);
      oscillator.start(start + index * 0.12);
      oscillator.stop(start + index * 0.12 + 0.11);
    });
  } catch {
    // No audio device, or not allowed yet: silence is the right fallback.
  }
}
