import { useTranslation } from 'react-i18next';
import classes from './shop.module.css';
import { productImageUrl } from './shop-queries';

/** The product's photo (public, cacheable: no personal data), or a calm placeholder. */
export function ProductPhoto({
  product,
  variant = 'card',
}: {
  product: { id: string; name: string; hasImage: boolean };
  variant?: 'card' | 'thumb';
}) {
  const { t } = useTranslation('shop');
  if (!product.hasImage) {
    return variant === 'card' ? (
      <div className={classes.noPhoto} aria-hidden="true">
        {t('shop.noPhoto')}
      </div>
    ) : null;
  }
  return (
    <img
      src={productImageUrl(product.id)}
      alt={t('shop.photoAlt', { name: product.name })}
      className={variant === 'card' ? classes.photo : classes.thumb}
      loading="lazy"
      decoding="async"
    />
  );
}
