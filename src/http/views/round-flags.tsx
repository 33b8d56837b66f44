import { Fragment } from 'preact';
import type { Lang } from '../../i18n/lang.js';
import { roundMessages } from '../../i18n/rounds.js';
import type { FlaggedRound } from '../../services/plans.js';

/** A round's flags ("ronda repetida", "corte fuera del periodo") and the reason it was opened with; nothing when it has neither. */
export function RoundFlags({ round, lang }: { round: FlaggedRound; lang: Lang }) {
  const r = roundMessages[lang];
  if (round.flags.length === 0 && !round.openingReason) return null;
  return (
    <span class="round-flags">
      {round.flags.map((f) => (
        <Fragment key={f}>
          {' '}
          <span class="round-flag">{r.flags[f]}</span>
        </Fragment>
      ))}
      {round.openingReason && (
        <span class="muted">
          {' '}
          — {r.labels.roundReason}: {round.openingReason}
        </span>
      )}
    </span>
  );
}
