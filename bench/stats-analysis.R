# The analysis set of STUDY.md in R, the reference the statistics benchmark (bench/stats.bench.ts) times the
# TypeScript engine against. Same stages, same models, same order of covariates as bench/support/analysis-set.ts.
#
#   Rscript bench/stats-analysis.R <analysis.csv> [repeats = 3] [seed = 20240101]
#
# R 4.2 with survival, MatchIt, mice and jsonlite. Each stage is timed with proc.time() (elapsed and
# user + system CPU); one warm-up pass, then `repeats` timed passes; the medians are printed as JSON on stdout,
# with the headline numbers the bench compares with TypeScript.
# The shared packages and timing helpers, next to this script whatever the working directory.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])),
                 "support", "bench-common.R"))

args <- commandArgs(trailingOnly = TRUE)
csv <- args[1]
repeats <- if (length(args) >= 2) as.integer(args[2]) else 3L
seed <- if (length(args) >= 3) as.integer(args[3]) else 20240101L

d <- read.csv(csv, stringsAsFactors = FALSE)
history <- c("hx_cardiac_intervention", "hx_myocardial_infarction", "hx_hypertension", "hx_diabetes",
             "hx_hyperlipidemia", "hx_heart_failure", "hx_ckd", "hx_cirrhosis", "hx_smoking")
adjustment <- c("age", "male", "bmi", history, "ca", "vaso2", "vaso3")
imputed_adjustment <- c(adjustment, "ph", "paco2", "pao2")
mice_columns <- c("exposure", imputed_adjustment)
propensity <- c("male", "age", "bmi", history, "ca", "vaso2", "vaso3", "mv")
outcomes <- c("death_hospital", "death_on_support", "comp_mechanical", "comp_bleeding", "comp_neurological",
              "comp_renal", "comp_pulmonary", "comp_metabolic", "comp_limb")

model <- function(outcome, covariates) reformulate(c("exposure", covariates), response = outcome)
logit <- function(f, data) glm(f, family = binomial, data = data)

subgroupings <- list(
  list(name = "male", indicator = function(d) d$male, add = FALSE, drop = list("male", "male")),
  list(name = "age_ge_65", indicator = function(d) as.numeric(d$age >= 65), add = TRUE,
       drop = list(character(0), character(0))),
  list(name = "bmi_ge_28", indicator = function(d) as.numeric(d$bmi >= 28), add = TRUE,
       drop = list(character(0), character(0))),
  list(name = "ca", indicator = function(d) d$ca, add = FALSE, drop = list("ca", "ca")),
  list(name = "vaso_ge_2", indicator = function(d) d$vaso2 + d$vaso3, add = FALSE,
       drop = list(c("vaso2", "vaso3"), "vaso2")),
  list(name = "large_center", indicator = function(d) d$large_center, add = TRUE,
       drop = list(character(0), character(0)))
)

smd <- function(x, t) {
  x1 <- x[t == 1]; x0 <- x[t == 0]
  m1 <- mean(x1); m0 <- mean(x0)
  v <- if (all(x %in% c(0, 1))) (m1 * (1 - m1) + m0 * (1 - m0)) / 2 else (var(x1) + var(x0)) / 2
  if (v == 0) return(0)
  (m1 - m0) / sqrt(v)
}

run_set <- function() {
  times <- list()
  timed <- function(name, expr) {
    t0 <- proc.time()
    value <- force(expr)
    times[[name]] <<- seconds_since(t0)
    value
  }

  imp <- timed("mice", mice(d[, mice_columns], m = 5, maxit = 5, method = "pmm", printFlag = FALSE, seed = seed))

  models <- timed("models", {
    cc <- lapply(outcomes, function(o) {
      s <- summary(logit(model(o, adjustment), d))$coefficients
      est <- s["exposure", "Estimate"]; se <- s["exposure", "Std. Error"]
      list(oddsRatio = exp(est), ciLower = exp(est - qnorm(0.975) * se), ciUpper = exp(est + qnorm(0.975) * se))
    })
    names(cc) <- outcomes
    pooled <- lapply(outcomes, function(o) {
      fits <- lapply(1:5, function(k) {
        data <- d
        data[, c("ph", "paco2", "pao2")] <- complete(imp, k)[, c("ph", "paco2", "pao2")]
        logit(model(o, imputed_adjustment), data)
      })
      s <- summary(pool(as.mira(fits)), conf.int = TRUE)
      row <- s[s$term == "exposure", ]
      list(oddsRatio = exp(row$estimate), lower = exp(row[["2.5 %"]]), upper = exp(row[["97.5 %"]]))
    })
    names(pooled) <- outcomes
    list(cc = cc, pooled = pooled)
  })

  subgroups <- timed("subgroups", {
    out <- lapply(subgroupings, function(s) {
      data <- d
      data$subgroup <- s$indicator(d)
      data$interaction <- data$subgroup * data$exposure
      levels <- sapply(0:1, function(level) {
        covariates <- setdiff(adjustment, s$drop[[level + 1]])
        exp(coef(logit(model("death_hospital", covariates), data[data$subgroup == level, ]))[["exposure"]])
      })
      reduced_covariates <- if (s$add) c(adjustment, "subgroup") else adjustment
      reduced <- logit(model("death_hospital", reduced_covariates), data)
      full <- logit(model("death_hospital", c(reduced_covariates, "interaction")), data)
      list(levels = levels, interactionP = anova(reduced, full, test = "Chisq")[2, "Pr(>Chi)"])
    })
    names(out) <- sapply(subgroupings, `[[`, "name")
    out
  })

  matching <- timed("matching", {
    # MatchIt 4.5.1 compares |d_i - d_j| with an integer abs() (kosukeimai/MatchIt#163, see
    # test/fixtures/stats/match-lalonde.R), so it is given the glm propensity score on an integer scale.
    ps <- fitted(logit(reformulate(propensity, response = "exposure"), d))
    m <- matchit(reformulate(propensity, response = "exposure"), data = d, method = "nearest",
                 distance = round(ps * 1e9))
    matched <- match.data(m)
    before <- max(abs(sapply(propensity, function(v) smd(d[[v]], d$exposure))))
    after <- max(abs(sapply(propensity, function(v) smd(matched[[v]], matched$exposure))))
    mm <- m$match.matrix
    pairs <- cbind(as.integer(rownames(mm)) - 1L, as.integer(mm[, 1]) - 1L)
    pairs <- pairs[!is.na(pairs[, 2]), , drop = FALSE]
    list(matched = matched, before = before, after = after, pairs = pairs[order(pairs[, 1]), , drop = FALSE])
  })

  log_rank <- timed("survival", {
    survival <- function(data) {
      fit <- survfit(Surv(time30, event30) ~ exposure, data = data)
      summary(fit)
      survdiff(Surv(time30, event30) ~ exposure, data = data)$chisq
    }
    c(before = survival(d), after = survival(matching$matched))
  })

  list(times = times, result = list(
    completeCase = models$cc, pooled = models$pooled, subgroups = subgroups,
    matchedPairs = nrow(matching$pairs), pairs = matching$pairs,
    maxAbsSmdBefore = matching$before, maxAbsSmdAfter = matching$after, logRank = as.list(log_rank)
  ))
}

invisible(run_set()) # warm-up
runs <- lapply(seq_len(repeats), function(i) run_set())
stages <- names(runs[[1]]$times)
median_of <- function(stage, what) median(sapply(runs, function(r) r$times[[stage]][[what]]))
out <- c(r_environment(), list(
  rows = nrow(d),
  repeats = repeats,
  stages = setNames(lapply(stages, function(s) list(wallSeconds = median_of(s, "wall"),
                                                   cpuSeconds = median_of(s, "cpu"))), stages),
  runs = lapply(runs, function(r) lapply(r$times, as.list)),
  result = runs[[1]]$result
))
cat(toJSON(out, auto_unbox = TRUE, digits = NA))
