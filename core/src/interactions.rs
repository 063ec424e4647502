//! Constructions of the effective interactions T (docs/model.md §2).

use crate::params::Tensor;
use crate::rng::Stream;

/// The symmetric ("fixed-point") form `T[mu][nu][rho]` = delta_{mu rho} (u_mu u_nu + h_mu delta_{mu nu}).
///
/// In the paper's words a_mu = u_mu^2 + h_mu and b_mu = u_mu^2.
pub fn symmetric<const R: usize>(u: &[f64; R], h: &[f64; R]) -> Tensor<R> {
    let mut t = [[[0.0; R]; R]; R];
    for mu in 0..R {
        for nu in 0..R {
            let diagonal = if mu == nu { h[mu] } else { 0.0 };
            t[mu][nu][mu] = u[mu] * u[nu] + diagonal;
        }
    }
    t
}

/// The random form T = (i.i.d. standard normals) * radius / sqrt(R), drawn from `seed`.
pub fn random<const R: usize>(radius: f64, seed: u64) -> Tensor<R> {
    let mut normals = Stream::new(seed, Stream::INTERACTIONS, 0);
    let scale = radius / libm::sqrt(R as f64);
    let mut t = [[[0.0; R]; R]; R];
    for x in t.iter_mut().flatten().flatten() {
        *x = normals.normal() * scale;
    }
    t
}

/// Element ((mu, nu), (nu', rho)) of That = delta_{nu nu'} `T[mu][nu][rho]`, the R^2 x R^2
/// linearisation of the reduced model at S = 0; rows and columns are flattened as mu R + nu.
pub fn that<const R: usize>(t: &Tensor<R>, row: usize, col: usize) -> f64 {
    let (mu, nu) = (row / R, row % R);
    let (nu2, rho) = (col / R, col % R);
    if nu == nu2 {
        t[mu][nu][rho]
    } else {
        0.0
    }
}

/// The paper's (a_mu, b_mu) of a symmetric T: a = `T[mu][mu][mu]`, b = u_mu^2.
///
/// Recovers b_mu from off-diagonal products when R > 1 (b_mu = `T[mu][nu][mu]` `T[mu][nu'][mu]` / `T[nu][nu'][nu]`);
/// returns `None` when T does not identify them (R = 2) or is not of the symmetric form.
pub fn symmetric_a_b<const R: usize>(t: &Tensor<R>) -> Option<([f64; R], [f64; R])> {
    let mut a = [0.0; R];
    let mut b = [0.0; R];
    for mu in 0..R {
        a[mu] = t[mu][mu][mu];
        b[mu] = symmetric_b(t, mu)?;
    }
    Some((a, b))
}

fn symmetric_b<const R: usize>(t: &Tensor<R>, mu: usize) -> Option<f64> {
    if R == 1 {
        // One region: a and b are not separable; the fixed point uses max(a, b) = T.
        return Some(t[0][0][0]);
    }
    // u_mu u_nu = T[mu][nu][mu]; with two others nu, nu': u_mu^2 = (u_mu u_nu)(u_mu u_nu') / (u_nu u_nu').
    let others = (0..R).filter(|&nu| nu != mu);
    if R == 2 {
        // One partner only: T fixes u_1 u_2, not u_mu^2 itself.
        return None;
    }
    let mut pairs = others.clone().flat_map(|nu| {
        others
            .clone()
            .filter(move |&n2| n2 > nu)
            .map(move |n2| (nu, n2))
    });
    let (nu, n2) = pairs.find(|&(nu, n2)| t[nu][n2][nu].abs() > 1e-12)?;
    Some(t[mu][nu][mu] * t[mu][n2][mu] / t[nu][n2][nu])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_form_round_trips_a_and_b() {
        let u = [1.5, -1.6, 1.4];
        let h = [-0.4, 0.2, -0.1];
        let t = symmetric(&u, &h);
        let (a, b) = symmetric_a_b(&t).unwrap();
        for mu in 0..3 {
            assert!((b[mu] - u[mu] * u[mu]).abs() < 1e-12);
            assert!((a[mu] - (u[mu] * u[mu] + h[mu])).abs() < 1e-12);
        }
        // Only the diagonal slot rho = mu is filled.
        assert_eq!(t[0][1][1], 0.0);
    }

    #[test]
    fn random_form_has_the_right_scale() {
        let t = random::<8>(2.0, 11);
        let var: f64 = t.iter().flatten().flatten().map(|x| x * x).sum::<f64>() / 512.0;
        // E[T^2] = radius^2 / R = 0.5; 512 draws give a relative error ~ sqrt(2/512) = 6%.
        assert!((var - 0.5).abs() < 0.5 * 0.25, "variance {var}");
    }
}
