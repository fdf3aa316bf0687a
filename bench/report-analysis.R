# The registry report's analyses recomputed in R from the centers' CSV exports: the reference that the report
# benchmark (bench/report.bench.ts, `npm run bench -- report`) compares report.json with, to 1e-6. Run by the
# bench, never by CI:
#
#   Rscript bench/report-analysis.R <exports dir> <imputed.csv> <cutoff ISO 8601> [repeats = 3]
#
# R 4.2 with survival, MatchIt 4.5.1, mice and jsonlite. It reads every `*.csv` in the exports directory (the
# files the bench wrote with the generator's toCsv, exactly what a center uploads) and recomputes, with the
# default report spec (shared/report/spec/default-report-spec.ts) written out by hand:
#   - the cohort and its flowchart (shared/cohort/cohort.ts, each exclusion step in order);
#   - Table 1, Table 2 and Table 3 tests: t.test(var.equal = TRUE), wilcox.test(exact = FALSE, correct = TRUE),
#     chisq.test(correct = FALSE), or fisher.test when an expected count is below 5; SMDs; mean, sd, quantile;
#   - every adjusted odds ratio: glm(family = binomial) with confint.default (Wald), complete case, and pooled
#     over the imputed data sets with mice::pool (Rubin's rules, Barnard-Rubin df);
#   - the subgroup odds ratios (glm per level) and interaction p-values (anova(reduced, full, test = "Chisq"));
#   - propensity matching with MatchIt::matchit(method = "nearest", m.order = "largest") and the SMDs;
#   - Kaplan-Meier (survfit, read off with summary(times = 0:30)) and log-rank (survdiff), before and after
#     matching.
#
# Multiple imputation: R's mice and ours draw from different random generators, so R cannot reproduce our
# imputed values. The bench therefore writes the m completed data sets of the report (the imputed values only,
# keyed by center and run id, to a temp file that is deleted afterwards and never published), and this script
# fits the same glm on each of those m data sets and pools them with mice::pool. mice() itself is still run here
# on the same imputation model (m = 5, maxit = 5, pmm), for the timing only, so the R time covers the same work
# as the TS report.
#
# Output (stdout): JSON with every value, the timing of the analyses (proc.time: elapsed and user + system CPU;
# one warm-up, then the median of `repeats` passes) and the CSV read time. The matched pairs are written as run
# keys for the bench to compare; the bench keeps only how many agree (no run id is ever published).
# The shared packages and timing helpers, next to this script whatever the working directory.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])),
                 "support", "bench-common.R"))

args <- commandArgs(trailingOnly = TRUE)
exports_dir <- args[1]
imputed_csv <- args[2]
cutoff <- as.numeric(as.POSIXct(sub("Z$", "", sub("T", " ", args[3])), tz = "UTC", format = "%Y-%m-%d %H:%M:%OS"))
repeats <- if (length(args) >= 4) as.integer(args[4]) else 3L

# ---- Reading the exports, as the validation engine types them ---------------------------------------------
read_started <- proc.time()
files <- sort(list.files(exports_dir, pattern = "\\.csv$", full.names = TRUE))
raw <- do.call(rbind, lapply(files, function(f) {
  read.csv(f, colClasses = "character", na.strings = "", check.names = FALSE)
}))
num <- function(x) as.numeric(x)
# "yes"/"no" cells; NA when empty.
flag <- function(x) ifelse(is.na(x), NA, x == "yes")
# "YYYY-MM-DD HH:MM" in UTC, as seconds.
when <- function(x) as.numeric(as.POSIXct(x, tz = "UTC", format = "%Y-%m-%d %H:%M"))
history <- c("hx_cardiac_intervention", "hx_myocardial_infarction", "hx_hypertension", "hx_diabetes",
             "hx_hyperlipidemia", "hx_heart_failure", "hx_ckd", "hx_cirrhosis", "hx_smoking")
complications <- list(
  mechanical = c("comp_oxygenator_failure", "comp_tubing_rupture", "comp_joint_cracking",
                 "comp_heat_exchanger_malfunction", "comp_cannulation_problem", "comp_circuit_thrombosis"),
  bleeding = c("comp_gi_bleeding", "comp_cannulation_site_bleeding", "comp_surgical_site_bleeding",
               "comp_hemolysis", "comp_dic"),
  neurological = c("comp_cerebral_hemorrhage", "comp_cerebral_infarction", "comp_seizures", "comp_brain_death"),
  renal = c("comp_creatinine_rise", "comp_crrt"),
  pulmonary = c("comp_pneumothorax", "comp_pulmonary_hemorrhage", "comp_pulmonary_infection"),
  metabolic = c("comp_glucose_low", "comp_glucose_high", "comp_ph_low", "comp_ph_high"),
  limb = c("comp_limb_ischemia", "comp_limb_necrosis", "comp_fasciotomy", "comp_amputation", "comp_embolectomy",
           "comp_endoluminal_stripping")
)
d <- data.frame(key = paste(raw$center_id, raw$run_id, sep = "/"), center_id = raw$center_id,
                run_id = raw$run_id, stringsAsFactors = FALSE)
for (col in c("ecmo_start_at", "iabp_start_at", "discharge_at", "death_at")) d[[col]] <- when(raw[[col]])
for (col in c("birth_year", "age_years", "height_cm", "weight_kg", "bmi", "pre_vasopressor_count",
              "pre_sbp_mmhg", "pre_dbp_mmhg", "pre_map_mmhg", "pre_ph", "pre_paco2_mmhg", "pre_pao2_mmhg",
              "pre_lactate_mmol_l", "lactate_4h_mmol_l", "lactate_24h_mmol_l", "ecmo_hours", "icu_days",
              "ventilation_hours", "hospital_days")) d[[col]] <- num(raw[[col]])
for (col in c("pregnant", "iabp", "mode_conversion", history, "pre_cardiac_arrest", "pre_mechanical_ventilation",
              "died_in_hospital", "survived_ecmo")) d[[col]] <- flag(raw[[col]])
for (col in c("sex", "indication", "ecmo_mode", "cannulation", "lv_unloading", "diagnosis", "vasopressor_change"))
  d[[col]] <- raw[[col]]
# A complication category is "any of" its components; missing when no component is recorded.
for (category in names(complications)) {
  parts <- sapply(complications[[category]], function(col) flag(raw[[col]]))
  any_yes <- rowSums(parts %in% TRUE & !is.na(parts)) > 0
  any_recorded <- rowSums(!is.na(parts)) > 0
  d[[paste0("complication_", category)]] <- ifelse(any_yes, TRUE, ifelse(any_recorded, FALSE, NA))
}
rm(raw)
# Derived variables (shared/cohort/derived-variables.ts): age at ECMO start, BMI, IABP timing.
ecmo_year <- as.integer(format(as.POSIXct(d$ecmo_start_at, origin = "1970-01-01", tz = "UTC"), "%Y", tz = "UTC"))
d$age <- ifelse(!is.na(d$age_years), d$age_years, ecmo_year - d$birth_year)
d$bmi_derived <- ifelse(!is.na(d$bmi), d$bmi, d$weight_kg / (d$height_cm / 100)^2)
d$iabp_timing <- ifelse(d$iabp %in% FALSE, "none",
                 ifelse(d$iabp %in% TRUE & !is.na(d$iabp_start_at) & !is.na(d$ecmo_start_at),
                        ifelse(d$iabp_start_at < d$ecmo_start_at, "before", "after"), NA))
imputations <- read.csv(imputed_csv, stringsAsFactors = FALSE)
read_time <- seconds_since(read_started)

is_true <- function(x) x %in% TRUE

# ---- The whole analysis set, as one timed pass ------------------------------------------------------------
run_report <- function() {
  # Cohort (Fig. 1): runs with ECMO start up to the cut-off, then the exclusion steps in order.
  all <- d[!is.na(d$ecmo_start_at) & d$ecmo_start_at <= cutoff, ]
  key_vars <- c("sex", history, "pre_cardiac_arrest", "pre_vasopressor_count", "pre_mechanical_ventilation",
                "diagnosis", "died_in_hospital", "survived_ecmo")
  steps <- list(
    `not-adult-va-cardiogenic-shock` = function(r) !(r$ecmo_mode %in% "VA" & r$indication %in% "cardiogenic_shock" &
                                                       !is.na(r$age) & r$age >= 18),
    `in-progress` = function(r) is.na(r$discharge_at),
    pregnancy = function(r) is_true(r$pregnant),
    `missing-key-data` = function(r) is.na(r$age) | is.na(r$bmi_derived) | rowSums(is.na(r[, key_vars])) > 0,
    `mode-conversion` = function(r) is_true(r$mode_conversion),
    `central-or-other-lv-unloading` = function(r) r$cannulation %in% "central" |
      (!is.na(r$lv_unloading) & r$lv_unloading != "none"),
    `iabp-before-ecmo` = function(r) r$iabp_timing %in% "before",
    `neither-exposure-nor-comparator` = function(r) !(r$iabp_timing %in% c("after", "none"))
  )
  flow <- list(list(id = "submitted", excluded = 0L, remaining = nrow(all)))
  cohort <- all
  for (id in names(steps)) {
    keep <- !steps[[id]](cohort)
    flow[[length(flow) + 1]] <- list(id = id, excluded = sum(!keep), remaining = sum(keep))
    cohort <- cohort[keep, ]
  }
  # The report's canonical row order (center, run id; byte order) decides matching ties.
  cohort <- cohort[order(cohort$center_id, cohort$run_id, method = "radix"), ]
  rownames(cohort) <- NULL
  cohort$exposure <- as.numeric(cohort$iabp_timing == "after")
  cohort$male <- as.numeric(cohort$sex == "male")
  for (col in c(history, "pre_cardiac_arrest", "pre_mechanical_ventilation")) cohort[[col]] <- as.numeric(cohort[[col]])
  cohort$v2 <- as.numeric(cohort$pre_vasopressor_count == 2)
  cohort$v3 <- as.numeric(cohort$pre_vasopressor_count >= 3)
  # Center volume in cohort runs a year (build-registry-report.ts withCenterVolume): from the first ECMO start
  # to the cut-off, at least a quarter of a year.
  years <- max((cutoff - min(cohort$ecmo_start_at)) * 1000 / (365.2425 * 24 * 3600000), 1 / 4)
  cohort$center_runs_per_year <- as.numeric(table(cohort$center_id)[cohort$center_id]) / years
  outcome_cols <- c(in_hospital_death = "died_in_hospital", on_support_death = "survived_ecmo",
                    setNames(paste0("complication_", names(complications)), names(complications)))
  outcome_value <- function(data, id) {
    v <- data[[outcome_cols[[id]]]]
    if (id == "on_support_death") as.numeric(!v) else as.numeric(v)
  }
  for (id in names(outcome_cols)) cohort[[paste0("y_", id)]] <- outcome_value(cohort, id)

  # Two-group comparisons (group-comparison.ts), comparator first in every table.
  binary_row <- function(yes, recorded, group) {
    y <- yes[recorded]; g <- group[recorded]
    tab <- matrix(c(sum(y[g == 0]), sum(g == 0) - sum(y[g == 0]), sum(y[g == 1]), sum(g == 1) - sum(y[g == 1])),
                  nrow = 2, byrow = TRUE)
    out <- list(comparator = tab[1, 1], exposure = tab[2, 1], n = c(sum(g == 0), sum(g == 1)))
    p1 <- tab[2, 1] / sum(tab[2, ]); p0 <- tab[1, 1] / sum(tab[1, ])
    out$smd <- (p1 - p0) / sqrt((p1 * (1 - p1) + p0 * (1 - p0)) / 2)
    if (sum(tab[, 1]) == 0 || sum(tab[, 2]) == 0) return(out)
    chi <- suppressWarnings(chisq.test(tab, correct = FALSE))
    if (min(chi$expected) < 5) {
      out$test <- list(method = "fisher_exact", statistic = NULL, pValue = fisher.test(tab)$p.value)
    } else {
      out$test <- list(method = "chi_square", statistic = unname(chi$statistic), pValue = chi$p.value)
    }
    out
  }
  summary_of <- function(x) list(n = length(x), mean = mean(x), sd = sd(x),
                                 median = unname(quantile(x, 0.5)), q1 = unname(quantile(x, 0.25)),
                                 q3 = unname(quantile(x, 0.75)))
  continuous_row <- function(x, group, skewed) {
    e <- x[!is.na(x) & group == 1]; c0 <- x[!is.na(x) & group == 0]
    test <- if (skewed) {
      w <- wilcox.test(e, c0, exact = FALSE, correct = TRUE)
      list(method = "mann_whitney", statistic = unname(w$statistic), pValue = w$p.value)
    } else {
      t <- t.test(e, c0, var.equal = TRUE)
      list(method = "student_t", statistic = unname(t$statistic), pValue = t$p.value)
    }
    list(comparator = summary_of(c0), exposure = summary_of(e), test = test,
         smd = (mean(e) - mean(c0)) / sqrt((var(e) + var(c0)) / 2))
  }
  table_one <- function(data) {
    g <- data$exposure
    rows <- list()
    cont <- list(age = c("age", FALSE), bmi = c("bmi_derived", FALSE), pre_sbp = c("pre_sbp_mmhg", FALSE),
                 pre_dbp = c("pre_dbp_mmhg", FALSE), pre_map = c("pre_map_mmhg", FALSE), pre_ph = c("pre_ph", FALSE),
                 pre_paco2 = c("pre_paco2_mmhg", TRUE), pre_pao2 = c("pre_pao2_mmhg", TRUE),
                 pre_lactate = c("pre_lactate_mmol_l", TRUE), lactate_4h = c("lactate_4h_mmol_l", TRUE),
                 lactate_24h = c("lactate_24h_mmol_l", TRUE))
    for (id in names(cont)) rows[[id]] <- continuous_row(data[[cont[[id]][1]]], g, as.logical(cont[[id]][2]))
    bin <- function(id, v) rows[[id]] <<- binary_row(as.numeric(v %in% TRUE | v %in% 1), !is.na(v), g)
    bin("male", data$sex == "male")
    for (col in c(history, "pre_cardiac_arrest", "pre_mechanical_ventilation")) bin(col, data[[col]])
    vaso <- data$pre_vasopressor_count
    bin("vasopressors:v0_1", vaso < 2); bin("vasopressors:v2", vaso == 2); bin("vasopressors:v3_plus", vaso >= 3)
    for (dx in c("myocarditis", "pcs", "ami", "chronic_hf", "sepsis", "other"))
      bin(paste0("diagnosis:", dx), data$diagnosis == dx)
    bin("fewer_vasopressors", ifelse(is.na(data$vasopressor_change), NA, data$vasopressor_change == "fewer"))
    rows
  }
  outcome_table <- function(data) {
    g <- data$exposure
    outcomes <- lapply(names(outcome_cols), function(id) {
      v <- data[[paste0("y_", id)]]
      binary_row(ifelse(is.na(v), 0, v), !is.na(v), g)
    })
    names(outcomes) <- names(outcome_cols)
    durations <- lapply(c(ecmo_hours = "ecmo_hours", icu_days = "icu_days", ventilation_hours = "ventilation_hours",
                          hospital_days = "hospital_days"), function(col) continuous_row(data[[col]], g, TRUE))
    list(outcomes = outcomes, durations = durations)
  }

  # Adjusted models (adjusted-odds-ratios.ts): exposure + adjustment covariates (+ the imputed blood gases).
  adjustment <- c("age", "male", "bmi_derived", history, "pre_cardiac_arrest", "v2", "v3")
  gases <- c("pre_ph", "pre_paco2_mmhg", "pre_pao2_mmhg")
  logit <- function(outcome, covariates, data) glm(reformulate(c("exposure", covariates), response = outcome),
                                                    family = binomial, data = data)
  # exp(cbind(coef, confint.default)) and the Wald p of the exposure.
  wald_or <- function(fit) {
    s <- summary(fit)$coefficients
    ci <- confint.default(fit)["exposure", ]
    list(oddsRatio = exp(coef(fit)[["exposure"]]), ciLower = exp(ci[[1]]), ciUpper = exp(ci[[2]]),
         pValue = s["exposure", "Pr(>|z|)"], n = nrow(fit$model), events = sum(fit$y))
  }
  # Rubin's rules over the m fits: summary(pool(as.mira(fits)), conf.int = TRUE), exposure row.
  pooled_or <- function(fits) {
    s <- summary(pool(as.mira(fits)), conf.int = TRUE)
    row <- s[s$term == "exposure", ]
    list(oddsRatio = exp(row$estimate), ciLower = exp(row[["2.5 %"]]), ciUpper = exp(row[["97.5 %"]]),
         pValue = row$p.value, n = nrow(fits[[1]]$model), events = sum(fits[[1]]$y))
  }
  # The m completed data sets: the cohort with the imputed blood gases filled in from the bench's file.
  completed <- lapply(sort(unique(imputations$imputation)), function(k) {
    data <- cohort
    imp <- imputations[imputations$imputation == k, ]
    at <- match(imp$key, data$key)
    if (anyNA(at)) stop("an imputed run is not in the cohort")
    for (col in gases) data[[col]][at] <- imp[[col]]
    data
  })
  complete_case <- cohort[rowSums(is.na(cohort[, gases])) == 0, ]
  adjusted <- lapply(names(outcome_cols), function(id) {
    y <- paste0("y_", id)
    list(completeCase = wald_or(logit(y, c(adjustment, gases), complete_case)),
         imputed = pooled_or(lapply(completed, function(data) logit(y, c(adjustment, gases), data))))
  })
  names(adjusted) <- names(outcome_cols)

  # Subgroups (subgroup-odds-ratios.ts): the exposure's aOR within each level, and the interaction LRT,
  # glm(y ~ exposure + adjustment + level) vs the same + exposure:level; pH on each completed data set (level aORs
  # pooled, interaction p the median of the m p-values).
  subgroups <- list(
    sex = list(function(r) r$sex == "male", function(r) r$sex == "female"),
    age = list(function(r) r$age < 65, function(r) r$age >= 65),
    bmi = list(function(r) r$bmi_derived < 28, function(r) r$bmi_derived >= 28),
    diagnosis_myocarditis = list(function(r) r$diagnosis == "myocarditis", function(r) r$diagnosis != "myocarditis"),
    diagnosis_pcs = list(function(r) r$diagnosis == "pcs", function(r) r$diagnosis != "pcs"),
    diagnosis_ami = list(function(r) r$diagnosis == "ami", function(r) r$diagnosis != "ami"),
    diagnosis_chronic_hf = list(function(r) r$diagnosis == "chronic_hf", function(r) r$diagnosis != "chronic_hf"),
    diagnosis_sepsis = list(function(r) r$diagnosis == "sepsis", function(r) r$diagnosis != "sepsis"),
    ph = list(function(r) r$pre_ph < 7.2, function(r) r$pre_ph >= 7.2),
    cardiac_arrest = list(function(r) r$pre_cardiac_arrest == 1, function(r) r$pre_cardiac_arrest != 1),
    vasopressors = list(function(r) r$pre_vasopressor_count < 2, function(r) r$pre_vasopressor_count >= 2),
    large_center = list(function(r) r$center_runs_per_year > 30, function(r) r$center_runs_per_year <= 30)
  )
  level_fit <- function(data, level) logit("y_in_hospital_death", adjustment, data[level(data) %in% TRUE, ])
  interaction_p <- function(data, levels) {
    data$level2 <- as.numeric(levels[[2]](data) %in% TRUE)
    data <- data[levels[[1]](data) %in% TRUE | data$level2 == 1, ]
    reduced <- logit("y_in_hospital_death", c(adjustment, "level2"), data)
    full <- logit("y_in_hospital_death", c(adjustment, "level2", "exposure:level2"), data)
    anova(reduced, full, test = "Chisq")[2, "Pr(>Chi)"]
  }
  subgroup_results <- lapply(names(subgroups), function(id) {
    levels <- subgroups[[id]]
    if (id == "ph") {
      list(levels = lapply(levels, function(l) pooled_or(lapply(completed, function(data) level_fit(data, l)))),
           interactionP = median(sapply(completed, function(data) interaction_p(data, levels))))
    } else {
      list(levels = lapply(levels, function(l) wald_or(level_fit(cohort, l))),
           interactionP = interaction_p(cohort, levels))
    }
  })
  names(subgroup_results) <- names(subgroups)

  # Propensity matching (propensity-matching.ts). MatchIt 4.5.1 compares |d_i - d_j| with an integer abs()
  # (kosukeimai/MatchIt#163, see test/fixtures/stats/match-lalonde.R), so it gets the glm propensity score on an
  # integer scale, round(ps * 1e9); the pairs are those of the intended algorithm.
  propensity <- c(adjustment, "pre_mechanical_ventilation")
  ps_formula <- reformulate(propensity, response = "exposure")
  ps <- fitted(glm(ps_formula, family = binomial, data = cohort))
  m <- matchit(ps_formula, data = cohort, method = "nearest", distance = round(ps * 1e9), m.order = "largest",
               replace = FALSE, ratio = 1)
  mm <- m$match.matrix
  treated_rows <- as.integer(rownames(mm))
  control_rows <- as.integer(mm[, 1])
  keep <- !is.na(control_rows)
  pairs <- cbind(cohort$key[treated_rows[keep]], cohort$key[control_rows[keep]])
  matched <- cohort[c(treated_rows[keep], control_rows[keep]), ]
  smd <- function(x, t) {
    x1 <- x[t == 1]; x0 <- x[t == 0]
    m1 <- mean(x1); m0 <- mean(x0)
    v <- if (all(x %in% c(0, 1))) (m1 * (1 - m1) + m0 * (1 - m0)) / 2 else (var(x1) + var(x0)) / 2
    if (v == 0) return(if (m1 == m0) 0 else sign(m1 - m0) * Inf)
    (m1 - m0) / sqrt(v)
  }
  balance_cols <- list(age = "age", male = "male", bmi = "bmi_derived")
  for (col in c(history, "pre_cardiac_arrest")) balance_cols[[col]] <- col
  balance_value <- function(data, id) {
    switch(id,
           `vasopressors:v0_1` = as.numeric(data$pre_vasopressor_count < 2),
           `vasopressors:v2` = data$v2, `vasopressors:v3_plus` = data$v3, data[[balance_cols[[id]]]])
  }
  balance_ids <- c(names(balance_cols), "vasopressors:v0_1", "vasopressors:v2", "vasopressors:v3_plus",
                   "pre_mechanical_ventilation")
  balance_cols[["pre_mechanical_ventilation"]] <- "pre_mechanical_ventilation"
  balance <- lapply(balance_ids, function(id) list(
    smdBefore = smd(balance_value(cohort, id), cohort$exposure),
    smdAfter = smd(balance_value(matched, id), matched$exposure)))
  names(balance) <- balance_ids

  # 30-day survival (survival-curves.ts): days from ECMO start to death in hospital, censored at discharge alive
  # or at 30 days.
  survival_of <- function(data) {
    end <- ifelse(data$died_in_hospital, ifelse(is.na(data$death_at), data$discharge_at, data$death_at),
                  data$discharge_at)
    days <- pmax(0, (end - data$ecmo_start_at) / 86400)
    data$time <- pmin(days, 30)
    data$event <- as.numeric(data$died_in_hospital & days <= 30)
    curves <- lapply(c(comparator = 0, exposure = 1), function(g) {
      fit <- survfit(Surv(time, event) ~ 1, data = data[data$exposure == g, ], conf.type = "log")
      s <- summary(fit, times = 0:30, extend = TRUE)
      list(survival = s$surv, lower = s$lower, upper = s$upper, nRisk = s$n.risk,
           atRisk = sapply(c(0, 5, 10, 15, 20, 25, 30), function(t) sum(data$time[data$exposure == g] >= t)))
    })
    lr <- survdiff(Surv(time, event) ~ exposure, data = data)
    list(curves = curves, logRank = list(statistic = lr$chisq, pValue = pchisq(lr$chisq, 1, lower.tail = FALSE)))
  }

  list(
    flowchart = flow,
    groups = list(comparator = sum(cohort$exposure == 0), exposure = sum(cohort$exposure == 1)),
    tableOne = table_one(cohort),
    tableTwo = outcome_table(cohort),
    adjustedOddsRatios = adjusted,
    subgroups = subgroup_results,
    matching = list(pairs = pairs, balance = balance, tableThree = outcome_table(matched)),
    survival = list(beforeMatching = survival_of(cohort), afterMatching = survival_of(matched)),
    cohort = cohort
  )
}

# mice() on the report's imputation model (multiple-imputation.ts: exposure, the adjustment covariates, the first
# two outcomes and the three blood gases), for the timing only; see the header.
run_mice <- function(cohort) {
  cols <- c("exposure", "age", "male", "bmi_derived", history, "pre_cardiac_arrest", "v2", "v3",
            "y_in_hospital_death", "y_on_support_death", "pre_ph", "pre_paco2_mmhg", "pre_pao2_mmhg")
  invisible(mice(cohort[, cols], m = 5, maxit = 5, method = "pmm", printFlag = FALSE, seed = 20240101))
}

timed_pass <- function() {
  t0 <- proc.time()
  result <- run_report()
  run_mice(result$cohort)
  spent <- seconds_since(t0)
  list(result = result, wall = spent[["wall"]], cpu = spent[["cpu"]])
}

invisible(timed_pass()) # warm-up
passes <- lapply(seq_len(repeats), function(i) timed_pass())
result <- passes[[1]]$result
result$cohort <- NULL
out <- c(r_environment(), list(
  rows = nrow(d),
  repeats = repeats,
  readSeconds = list(wallSeconds = read_time[["wall"]], cpuSeconds = read_time[["cpu"]]),
  timing = list(wallSeconds = median(sapply(passes, `[[`, "wall")), cpuSeconds = median(sapply(passes, `[[`, "cpu"))),
  runs = lapply(passes, function(p) list(wallSeconds = p$wall, cpuSeconds = p$cpu))
), result)
cat(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null"))
