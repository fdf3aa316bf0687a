# What the benchmarks' R reference scripts (bench/report-analysis.R, bench/stats-analysis.R) share: the packages
# they load, how a pass is timed, and the R environment they report next to their timings.
suppressPackageStartupMessages({
  library(survival)
  library(MatchIt)
  library(mice)
  library(jsonlite)
})

# Elapsed and CPU (user + system) seconds since `t0`, a proc.time() reading: c(wall = ..., cpu = ...).
seconds_since <- function(t0) {
  el <- proc.time() - t0
  c(wall = unname(el["elapsed"]), cpu = unname(el["user.self"] + el["sys.self"]))
}

# The R version and the versions of the packages the analyses run on.
r_environment <- function() {
  list(
    r = R.version.string,
    packages = list(mice = as.character(packageVersion("mice")), MatchIt = as.character(packageVersion("MatchIt")),
                    survival = as.character(packageVersion("survival")))
  )
}
