# Toolchain file: bare-metal Cortex-M4F with Debian's gcc-arm-none-eabi and
# newlib-nano. Used by the firmware ExternalProjects (never by the host build).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

find_program(MOTE_ARM_GCC arm-none-eabi-gcc REQUIRED)
get_filename_component(_mote_arm_bin ${MOTE_ARM_GCC} DIRECTORY)

set(CMAKE_C_COMPILER ${_mote_arm_bin}/arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER ${_mote_arm_bin}/arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER ${_mote_arm_bin}/arm-none-eabi-gcc)
set(CMAKE_OBJCOPY ${_mote_arm_bin}/arm-none-eabi-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE ${_mote_arm_bin}/arm-none-eabi-size CACHE FILEPATH "")

# try_compile cannot link without a linker script and startup code.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(MOTE_ARM_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
set(CMAKE_C_FLAGS_INIT "${MOTE_ARM_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${MOTE_ARM_CPU_FLAGS} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${MOTE_ARM_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${MOTE_ARM_CPU_FLAGS} --specs=nano.specs -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
