import { Button, Group, Input } from '@mantine/core';
import { useEffect, useRef } from 'react';
import SignaturePad from 'signature_pad';
import classes from './intake.module.css';

interface Props {
  label: string;
  hint: string;
  canvasLabel: string;
  clearLabel: string;
  error?: string;
  /** Called with a PNG data URL after each stroke, or undefined when cleared. */
  onChange: (dataUrl: string | undefined) => void;
}

/** A signature drawn with finger, pen or mouse (signature_pad), kept as a PNG data URL. */
export function SignatureField({ label, hint, canvasLabel, clearLabel, error, onChange }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pad = new SignaturePad(canvas, { penColor: '#1a1b1e', backgroundColor: 'rgb(255,255,255)' });
    padRef.current = pad;
    // A sharp line on high-density screens: size the bitmap to the displayed size × pixel ratio.
    const resize = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const data = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext('2d')?.scale(ratio, ratio);
      pad.clear();
      pad.fromData(data);
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(canvas);
    const ended = () => onChangeRef.current(pad.isEmpty() ? undefined : pad.toDataURL('image/png'));
    pad.addEventListener('endStroke', ended);
    return () => {
      observer.disconnect();
      pad.removeEventListener('endStroke', ended);
      pad.off();
      padRef.current = null;
    };
  }, []);

  const clear = () => {
    padRef.current?.clear();
    onChangeRef.current(undefined);
  };

  return (
    <Input.Wrapper label={label} description={hint} error={error} id="signature">
      <canvas
        ref={canvasRef}
        className={classes.signature}
        role="img"
        aria-label={canvasLabel}
        data-testid="signature-pad"
        data-invalid={error ? true : undefined}
      />
      <Group justify="flex-end" mt={4}>
        <Button variant="subtle" size="compact-sm" onClick={clear}>
          {clearLabel}
        </Button>
      </Group>
    </Input.Wrapper>
  );
}
