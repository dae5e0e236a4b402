/** A time as people say it ("3 hours ago"), with the exact time on hover and for machines. */
import { formatExactTime, formatLastActive, formatRelativeTime } from '../format/relative-time.ts';

export interface RelativeTimeProps {
  /** ISO-8601 time. */
  dateTime: string;
  nowMs: number;
  /** `last-active` says "Active now" for the last two minutes. */
  variant?: 'relative' | 'last-active';
}

export function RelativeTime({ dateTime, nowMs, variant = 'relative' }: RelativeTimeProps) {
  const text = variant === 'last-active' ? formatLastActive(dateTime, nowMs) : formatRelativeTime(dateTime, nowMs);
  return (
    <time dateTime={dateTime} title={formatExactTime(dateTime)}>
      {text}
    </time>
  );
}
