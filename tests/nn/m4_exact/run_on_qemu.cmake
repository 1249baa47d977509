# Boots the kernel test firmware on QEMU mps2-an386 (Cortex-M4F) and fails
# unless it reports zero mismatches between the optimized and reference
# kernels over at least 1000 random cases. Invoked by ctest:
#   cmake -DQEMU=... -DELF=... -P run_on_qemu.cmake
execute_process(
  COMMAND ${QEMU} -M mps2-an386 -nographic -monitor none -serial none
          -semihosting-config enable=on,target=native -icount shift=0 -kernel ${ELF}
  TIMEOUT 120
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")  # semihosting output goes to stderr or stdout
message("${all}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the kernel test firmware exited with '${rc}' (1 = mismatches, 3 = CPU fault, other = QEMU/timeout)")
endif()
if(NOT all MATCHES "m4-exact: ([0-9]+) cases[^\n]*, 0 mismatches")
  message(FATAL_ERROR "no 'm4-exact: N cases ..., 0 mismatches' line in the firmware output")
endif()
if(CMAKE_MATCH_1 LESS 1000)
  message(FATAL_ERROR "only ${CMAKE_MATCH_1} cases ran (expected >= 1000)")
endif()
