//! Money in integer minor units (cents) with a currency, and pay ranges.

use crate::error::InvalidValue;
use serde::{Deserialize, Serialize};

code_enum! {
    /// Currencies hitstaff prices in (ISO 4217).
    pub enum Currency as "currency" {
        Usd = ("usd", "USD"),
        Cad = ("cad", "CAD"),
        Eur = ("eur", "EUR"),
        Gbp = ("gbp", "GBP"),
    }
}

impl Currency {
    pub const fn symbol(self) -> &'static str {
        match self {
            Currency::Usd | Currency::Cad => "$",
            Currency::Eur => "€",
            Currency::Gbp => "£",
        }
    }
}

/// An amount of money: integer cents, so sums never drift.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct Money {
    pub cents: i64,
    pub currency: Currency,
}

/// The largest amount hitstaff accepts: a billion in any currency is a typing mistake, not a salary.
const MAX_CENTS: i64 = 100_000_000_000;

impl Money {
    pub const fn new(cents: i64, currency: Currency) -> Self {
        Self { cents, currency }
    }

    pub const fn usd(dollars: i64) -> Self {
        Self {
            cents: dollars * 100,
            currency: Currency::Usd,
        }
    }

    /// Parses `"$85,000"`, `"85000.50"`, `"USD 95.00"` or `"120000 CAD"`. Without a currency code,
    /// `default_currency` applies. Negative amounts are refused: pay and budgets are never negative.
    pub fn parse(input: &str, default_currency: Currency) -> Result<Self, InvalidValue> {
        let bad = |p: String| InvalidValue::new("amount of money", p);
        let mut s = input.trim().to_string();
        let mut currency = None;
        for c in Currency::ALL {
            let code = c.label();
            // `get` rather than slicing: the input may hold multi-byte characters anywhere.
            if s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(code)) {
                s = s[3..].trim().to_string();
                currency = Some(*c);
            } else if s.len() >= 3 && s.get(s.len() - 3..).is_some_and(|p| p.eq_ignore_ascii_case(code)) {
                s = s[..s.len() - 3].trim().to_string();
                currency = Some(*c);
            }
        }
        let s = s.trim_start_matches(['$', '€', '£']).replace([',', '_', ' '], "");
        if s.is_empty() {
            return Err(bad(format!(
                "{input:?} has no amount; write it as 85000 or $85,000.00"
            )));
        }
        if s.starts_with('-') {
            return Err(bad("amounts cannot be negative".into()));
        }
        let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(frac) || frac.len() > 2 {
            return Err(bad(format!(
                "{input:?} is not an amount; use digits with at most two decimals, as 85000 or 62.50"
            )));
        }
        let whole: i64 = whole.parse().map_err(|_| bad("the amount is too large".into()))?;
        let frac: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        let cents = whole
            .checked_mul(100)
            .and_then(|c| c.checked_add(frac))
            .filter(|c| *c <= MAX_CENTS)
            .ok_or_else(|| bad("the amount is too large to be real; check for extra digits".into()))?;
        Ok(Self {
            cents,
            currency: currency.unwrap_or(default_currency),
        })
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whole = self.cents / 100;
        let frac = self.cents % 100;
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "{}{}", self.currency.symbol(), grouped)?;
        if frac != 0 {
            write!(f, ".{frac:02}")?;
        }
        if self.currency != Currency::Usd {
            write!(f, " {}", self.currency.label())?;
        }
        Ok(())
    }
}

code_enum! {
    /// What a pay figure is per.
    pub enum PayUnit as "pay unit" {
        Year = ("year", "per year"),
        Hour = ("hour", "per hour"),
    }
}

/// A pay range: a salary range for permanent roles, an hourly rate range for contracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PayRange {
    pub min: Money,
    pub max: Money,
    pub unit: PayUnit,
}

impl PayRange {
    /// Checks that both ends share a currency and that min is not above max.
    pub fn new(min: Money, max: Money, unit: PayUnit) -> Result<Self, InvalidValue> {
        if min.currency != max.currency {
            return Err(InvalidValue::new(
                "pay range",
                "both ends of a pay range must be in the same currency",
            ));
        }
        if min.cents > max.cents {
            return Err(InvalidValue::new(
                "pay range",
                format!("the minimum ({min}) is above the maximum ({max}); swap them"),
            ));
        }
        Ok(Self { min, max, unit })
    }

    pub fn contains(&self, amount: Money) -> bool {
        amount.currency == self.min.currency && (self.min.cents..=self.max.cents).contains(&amount.cents)
    }
}

impl std::fmt::Display for PayRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} to {} {}", self.min, self.max, self.unit.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        let usd = Currency::Usd;
        assert_eq!(Money::parse("$85,000", usd).unwrap(), Money::usd(85_000));
        assert_eq!(Money::parse("62.5", usd).unwrap().cents, 6250);
        assert_eq!(Money::parse("62.05", usd).unwrap().cents, 6205);
        assert_eq!(Money::parse("USD 95.00", Currency::Cad).unwrap(), Money::usd(95));
        assert_eq!(
            Money::parse("120000 CAD", usd).unwrap(),
            Money::new(12_000_000, Currency::Cad)
        );
    }

    #[test]
    fn rejects_with_reasons() {
        let usd = Currency::Usd;
        for (input, says) in [
            ("", "no amount"),
            ("-5", "negative"),
            ("12.345", "two decimals"),
            ("lots", "not an amount"),
            ("99999999999999999999", "too large"),
            ("5000000000", "too large"),
        ] {
            let err = Money::parse(input, usd).expect_err(input);
            assert!(err.problem.contains(says), "{input}: {err}");
        }
    }

    #[test]
    fn displays_grouped() {
        assert_eq!(Money::usd(1_234_567).to_string(), "$1,234,567");
        assert_eq!(Money::new(6250, Currency::Usd).to_string(), "$62.50");
        assert_eq!(Money::new(100, Currency::Gbp).to_string(), "£1 GBP");
    }

    #[test]
    fn ranges() {
        let r = PayRange::new(Money::usd(90), Money::usd(120), PayUnit::Hour).unwrap();
        assert!(r.contains(Money::usd(100)));
        assert!(!r.contains(Money::usd(121)));
        assert_eq!(r.to_string(), "$90 to $120 per hour");
        assert!(
            PayRange::new(Money::usd(2), Money::usd(1), PayUnit::Year)
                .unwrap_err()
                .problem
                .contains("swap")
        );
        let cad = Money::new(100, Currency::Cad);
        assert!(PayRange::new(Money::usd(1), cad, PayUnit::Year).is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in ".{0,40}") { let _ = Money::parse(&s, Currency::Usd); }

        #[test]
        fn display_parses_back(cents in 0i64..MAX_CENTS) {
            let m = Money::new(cents, Currency::Usd);
            proptest::prop_assert_eq!(Money::parse(&m.to_string(), Currency::Usd).unwrap(), m);
        }
    }
}
