//! Small dense linear algebra on R x R arrays: Cholesky factors and triangular products.

/// Whether `a` equals its transpose to within `tol` (absolute).
pub fn is_symmetric<const R: usize>(a: &[[f64; R]; R], tol: f64) -> bool {
    (0..R).all(|i| (0..i).all(|j| (a[i][j] - a[j][i]).abs() <= tol))
}

/// Lower-triangular L with L L^T = a, or `None` when `a` is not positive definite.
pub fn cholesky<const R: usize>(a: &[[f64; R]; R]) -> Option<[[f64; R]; R]> {
    let mut l = [[0.0; R]; R];
    for i in 0..R {
        for j in 0..=i {
            let s = a[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                // A relative floor rejects matrices that are singular up to rounding (and NaN).
                let floor = 1e-12 * a[i][i].abs().max(1e-300);
                if s.is_nan() || s <= floor {
                    return None;
                }
                l[i][i] = libm::sqrt(s);
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

/// y = L x for lower-triangular L.
pub fn lower_mul<const R: usize>(l: &[[f64; R]; R], x: &[f64; R]) -> [f64; R] {
    let mut y = [0.0; R];
    for (i, yi) in y.iter_mut().enumerate() {
        *yi = (0..=i).map(|k| l[i][k] * x[k]).sum();
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_reproduces_the_matrix() {
        let a = [[4.0, 2.0, 0.4], [2.0, 3.0, 0.5], [0.4, 0.5, 2.0]];
        let l = cholesky(&a).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let s: f64 = (0..3).map(|k| l[i][k] * l[j][k]).sum();
                assert!((s - a[i][j]).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn cholesky_rejects_indefinite_and_singular() {
        assert!(cholesky(&[[1.0, 2.0], [2.0, 1.0]]).is_none());
        assert!(cholesky(&[[1.0, 1.0], [1.0, 1.0]]).is_none());
    }
}
