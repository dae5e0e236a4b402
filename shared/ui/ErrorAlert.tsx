/** A failure said in words, announced to screen readers; nothing when there is none. */
export function ErrorAlert({ message, id }: { message: string | null | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p id={id} class="sc-error" role="alert">
      {message}
    </p>
  );
}
